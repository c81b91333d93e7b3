package dev.rpcplugin.handshake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link GoText#atoi} against an independent model of Go's {@code strconv.Atoi} built on BigInteger. */
class GoIntegerPropertyTest {

    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Property(tries = 10_000)
    void atoiMatchesGoModel(@ForAll("numberish") String text) {
        ParsedInt actual = GoText.atoi(text);
        ParsedInt expected = model(text);
        assertThat(actual).as("atoi(%s)", text).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> numberish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789+- x_").ofMaxLength(25),
                Arbitraries.strings().numeric().ofMinLength(17).ofMaxLength(22).map(d -> "-" + d),
                Arbitraries.strings().numeric().ofMinLength(17).ofMaxLength(22),
                Arbitraries.longs().map(String::valueOf));
    }

    // Go: magnitude scanned left to right (overflow past 2^64-1 wins over a later bad character),
    // then the signed 64-bit range is checked.
    private static ParsedInt model(String text) {
        boolean negative = text.startsWith("-");
        String rest = text.startsWith("+") || negative ? text.substring(1) : text;
        if (rest.isEmpty()) {
            return new ParsedInt(0, GoText.INVALID_SYNTAX);
        }
        int digits = 0;
        while (digits < rest.length() && Character.isDigit(rest.charAt(digits)) && rest.charAt(digits) < 128) {
            digits++;
        }
        BigInteger magnitude = digits == 0 ? BigInteger.ZERO : new BigInteger(rest.substring(0, digits));
        if (magnitude.compareTo(MAX_UINT64) > 0) {
            return new ParsedInt(0, GoText.OUT_OF_RANGE);
        }
        if (digits < rest.length()) {
            return new ParsedInt(0, GoText.INVALID_SYNTAX);
        }
        BigInteger value = negative ? magnitude.negate() : magnitude;
        if (value.bitLength() > 63) {
            return new ParsedInt(0, GoText.OUT_OF_RANGE);
        }
        return new ParsedInt(value.longValueExact(), null);
    }
}
