/**
 * The executable tree of tremor-script: one node object per construct, each with an {@code execute} method that writes
 * its value into a (handle, bits) register pair of the {@link io.temblor.script.runtime.Env}, plus the per-instance
 * runtime state and Tremor-compatible runtime errors. Depends on the value model, the error types and simd-json.
 */
package io.temblor.script.runtime;
