package dev.tollgate.auth.revocation;

import java.time.Duration;
import java.time.Instant;

import dev.tollgate.auth.config.TollgateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes the revocation-feed rows of expired tokens every
 * {@code tollgate.tokens.cleanup-interval}: the feed lists only tokens still alive.
 */
@Component
class RevokedAccessTokenCleanup implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(RevokedAccessTokenCleanup.class);

	private final RevokedAccessTokens revokedTokens;

	private final Duration interval;

	RevokedAccessTokenCleanup(RevokedAccessTokens revokedTokens, TollgateProperties properties) {
		this.revokedTokens = revokedTokens;
		this.interval = properties.tokens().cleanupInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::deleteExpired, this.interval, this.interval));
	}

	void deleteExpired() {
		try {
			int deleted = this.revokedTokens.deleteExpired(Instant.now());
			if (deleted > 0) {
				logger.debug("Revoked access token cleanup deleted {} rows", deleted);
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Revoked access token cleanup failed: {}", ex.toString());
		}
	}

}
