/**
 * Tests of the transport agents over real sockets on loopback.
 */
package io.temblor.transport;
