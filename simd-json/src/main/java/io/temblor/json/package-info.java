/**
 * The simd-json parser: a Vector API stage 1 (structural index, UTF-8 validation) and a stage 2 that writes an
 * off-heap tape, with zero-allocation cursors and a serializer over it. Depends on the JDK, jdk.incubator.vector and
 * the offheap module only.
 */
package io.temblor.json;
