package dev.tollgate.gateway.chat;

/**
 * What a backend answered to a completion.
 *
 * @param status the HTTP status to answer with
 * @param body the body to answer with (a record or a JSON tree)
 * @param usage what the call used; {@link Usage#NONE} when it was refused
 */
record Answer(int status, Object body, Usage usage) {

}
