/**
 * Off-heap memory for Temblor: growable segments, byte sinks and (later) ring buffers and journals that every other
 * module reads and writes without allocating per event. Depends only on the JDK and Agrona.
 */
package io.temblor.offheap;
