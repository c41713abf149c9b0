package dev.tollgate.gateway.quota;

import java.time.Instant;

/**
 * Tokens taken from a client's windows before a call, to be settled against what the call
 * really used.
 *
 * @param caller whose windows they were taken from
 * @param tokens how many tokens were taken (prompt + the completion allowance)
 * @param at when, which names the windows they were taken from
 * @param snapshot the client's windows just after the reservation
 */
public record Reservation(Caller caller, long tokens, Instant at, QuotaSnapshot snapshot) {

}
