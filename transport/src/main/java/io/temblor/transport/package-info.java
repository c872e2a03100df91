/**
 * Transport: moves bytes in and out of off-heap buffers over sockets, files and Aeron. Depends on offheap only; it
 * never looks inside an event.
 */
package io.temblor.transport;
