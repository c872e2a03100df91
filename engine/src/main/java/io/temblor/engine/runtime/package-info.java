/**
 * The running engine: agents on duty cycles (Agrona {@code Agent}) that move event frames between off-heap rings and
 * run pipelines on them. Depends on {@code engine.pipeline}, {@code offheap} and simd-json.
 */
package io.temblor.engine.runtime;
