package io.temblor.engine.codec;

/**
 * Turns a stream of raw byte chunks into zero or more chunks each (framing, decompression, decoding), as Tremor's
 * preprocessor of the same {@link #name()}; see {@link Interceptor} for the contract.
 */
public interface Preprocessor extends Interceptor
{
}
