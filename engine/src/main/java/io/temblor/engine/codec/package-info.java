/**
 * Tremor's codecs (bytes to values and back, in a {@code ValueContext}'s arena) and interceptors (preprocessors and
 * postprocessors framing and transforming byte chunks), looked up by Tremor's names in {@link Codecs} and
 * {@link Interceptors}. Bad input is a return code with a reason, never an exception; depends on the script module's
 * value model, simd-json and offheap.
 */
package io.temblor.engine.codec;
