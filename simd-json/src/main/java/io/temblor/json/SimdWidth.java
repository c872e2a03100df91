package io.temblor.json;

import jdk.incubator.vector.ByteVector;

/**
 * Vector width of the parser's kernels. Stand-in: the real stage 1 owner replaces this file at merge.
 */
public enum SimdWidth
{
    /** 512-bit vectors. */
    W512,
    /** 256-bit vectors. */
    W256,
    /** No vectors. */
    SCALAR;

    /**
     * From system property temblor.simd.width = 512|256|scalar|auto (default auto: preferred species if at least 256
     * bits, else SCALAR).
     *
     * @return the configured width.
     */
    public static SimdWidth configured()
    {
        final String value = System.getProperty("temblor.simd.width", "auto");
        return switch (value)
        {
            case "512" -> W512;
            case "256" -> W256;
            case "scalar" -> SCALAR;
            default ->
            {
                final int bits = ByteVector.SPECIES_PREFERRED.vectorBitSize();
                yield bits >= 512 ? W512 : bits >= 256 ? W256 : SCALAR;
            }
        };
    }
}
