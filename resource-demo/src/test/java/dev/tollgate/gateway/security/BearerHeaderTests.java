package dev.tollgate.gateway.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regular-expression-free reading of {@code Authorization: Bearer}: whatever it does
 * not read exactly is left to Spring's resolver, which refuses it.
 */
class BearerHeaderTests {

	@Test
	void tokenWhenWellFormedThenReturnedWhole() {
		// given a header with every b64token character and padding
		String header = "Bearer aZ09-._~+/x==";

		// when it is read
		String token = BearerHeader.token(header);

		// then the token is everything after the scheme
		assertThat(token).isEqualTo("aZ09-._~+/x==");
	}

	@Test
	void tokenWhenSchemeInOtherCaseThenReturned() {
		assertThat(BearerHeader.token("bEARER abc")).isEqualTo("abc");
	}

	@Test
	void tokenWhenNotExactlyBearerB64TokenThenLeftToSpring() {
		assertThat(BearerHeader.token(null)).isNull();
		assertThat(BearerHeader.token("Bearer ")).isNull();
		assertThat(BearerHeader.token("Bearer ==")).isNull();
		assertThat(BearerHeader.token("Bearer a b")).isNull();
		assertThat(BearerHeader.token("Bearer  abc")).isNull();
		assertThat(BearerHeader.token("Bearer abc=d")).isNull();
		assertThat(BearerHeader.token("Bearer abc\n")).isNull();
		assertThat(BearerHeader.token("Basic abc")).isNull();
		assertThat(BearerHeader.token("Bearerabc")).isNull();
	}

}
