package io.temblor.json;

import java.util.Locale;

import jdk.incubator.vector.ByteVector;

/**
 * Vector width used by the parser's stage 1. {@link #W512} and {@link #W256} run the Vector API kernels on 512-bit or
 * 256-bit byte vectors; {@link #SCALAR} is a plain byte loop producing identical output. A width wider than the CPU's
 * registers still works (the Vector API falls back to Java code) but is slow and allocates; use it for tests only.
 */
public enum SimdWidth
{
    /** 64 bytes per vector: one load per 64-byte block. */
    W512,
    /** 32 bytes per vector: two loads per 64-byte block. */
    W256,
    /** Byte-at-a-time loop, no Vector API. */
    SCALAR;

    /** System property selecting the width: {@code 512}, {@code 256}, {@code scalar} or {@code auto}. */
    public static final String PROPERTY = "temblor.simd.width";
    /** Default value of {@link #PROPERTY}: the CPU's preferred species if it has at least 256 bits, else scalar. */
    public static final String DEFAULT = "auto";

    /**
     * The width selected by the system property {@value #PROPERTY} ({@code 512}, {@code 256}, {@code scalar}, or
     * {@code auto}, the default: the preferred species if it is at least 256 bits wide, else {@link #SCALAR}).
     * Any thread may call.
     *
     * @return the configured width.
     * @throws IllegalArgumentException if the property holds another value.
     */
    public static SimdWidth configured()
    {
        return parse(System.getProperty(PROPERTY, DEFAULT));
    }

    /**
     * The width named by a property value.
     *
     * @param value {@code 512}, {@code 256}, {@code scalar} or {@code auto} (case-insensitive, surrounding blanks ignored).
     * @return the width.
     * @throws IllegalArgumentException if the value names no width.
     */
    public static SimdWidth parse(final String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "512" -> W512;
            case "256" -> W256;
            case "scalar" -> SCALAR;
            case "auto" -> preferred();
            default -> throw new IllegalArgumentException(PROPERTY + " must be 512, 256, scalar or auto: " + value);
        };
    }

    private static SimdWidth preferred()
    {
        final int bits = ByteVector.SPECIES_PREFERRED.vectorBitSize();
        if (bits >= 512)
        {
            return W512;
        }
        return bits >= 256 ? W256 : SCALAR;
    }
}
