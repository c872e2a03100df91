/**
 * The capture journal: records of raw frames (source id, ingest time, bytes, metadata JSON) appended to and read
 * from a Chronicle Queue directory, rolled by time and bounded by retention. Depends on Agrona and Chronicle Queue.
 */
package io.temblor.offheap.journal;
