package dev.tollgate.gateway.error;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * Headers that every answer to a known caller carries, errors included (the rate-limit
 * headers), for an error that did not compute them itself.
 */
public interface CallerHeaders {

	HttpHeaders forCaller(HttpServletRequest request);

}
