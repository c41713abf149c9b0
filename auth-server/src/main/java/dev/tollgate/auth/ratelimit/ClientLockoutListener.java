package dev.tollgate.auth.ratelimit;

import dev.tollgate.auth.database.ChangeNotifications;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps this instance's copy of the active lock-outs ({@link ClientLockouts}) current:
 * reloads it when any instance sends {@code NOTIFY} {@value ClientLockouts#CHANNEL}, when
 * the listening connection is back after a loss, and every
 * {@code tollgate.rate-limits.lockout.refresh-interval} in any case.
 * <p>
 * NOTE: while the listening connection is lost, an instance admits a client that another
 * instance has just locked out until its next periodic reload.
 */
final class ClientLockoutListener implements ChangeNotifications.Subscriber {

	private final ClientLockouts lockouts;

	ClientLockoutListener(ChangeNotifications notifications, ClientLockouts lockouts) {
		this.lockouts = lockouts;
		notifications.subscribe(ClientLockouts.CHANNEL, this);
	}

	@Override
	public void changed(String payload) {
		this.lockouts.reload();
	}

	@Override
	public void resynchronize() {
		this.lockouts.reload();
	}

	@Scheduled(fixedDelayString = "${tollgate.rate-limits.lockout.refresh-interval:PT10S}")
	void refresh() {
		this.lockouts.reload();
	}

}
