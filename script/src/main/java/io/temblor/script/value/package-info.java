/**
 * The value model of the tremor-script interpreter: values as (handle, bits) pairs of longs that point into the event's
 * simd-json tape, a per-event off-heap {@link io.temblor.script.value.Arena} or a constant/state store, with
 * zero-allocation string, record and array operations, deep equality and JSON serialization over all of them.
 * Depends on simd-json (the tape, its writer and number formatting) and offheap (growable native memory, byte sinks).
 */
package io.temblor.script.value;
