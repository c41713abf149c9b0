package dev.tollgate.gateway.chat;

/**
 * One message of a chat request, as far as the gateway reads it.
 *
 * @param role {@code system}, {@code developer}, {@code user}, {@code assistant} or
 * {@code tool}
 * @param text its text: the string content, or its text parts joined by newlines
 * @param name the participant's name, or {@code null}
 */
record ChatMessage(String role, String text, String name) {

}
