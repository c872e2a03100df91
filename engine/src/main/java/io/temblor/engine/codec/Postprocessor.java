package io.temblor.engine.codec;

/**
 * Turns each encoded event's bytes into zero or more chunks to write (framing, compression), as Tremor's
 * postprocessor of the same {@link #name()}; see {@link Interceptor} for the contract.
 */
public interface Postprocessor extends Interceptor
{
}
