package dev.tollgate.deploy.system;

/**
 * Ends what a test started, every part even when one fails to end, so that no process or
 * database server outlives its test class.
 */
final class Cleanup {

	private Cleanup() {
	}

	/** Closes each non-null resource in the given order: the applications first. */
	static void all(AutoCloseable... resources) {
		RuntimeException failure = null;
		for (AutoCloseable resource : resources) {
			if (resource == null) {
				continue;
			}
			try {
				resource.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = new IllegalStateException("Cleanup failed", ex);
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
