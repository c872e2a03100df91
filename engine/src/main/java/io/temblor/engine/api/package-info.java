/**
 * The HTTP API of a running deployment: Tremor's API v1 (version, status, flows, connectors) as JSON and the metrics in
 * Prometheus' text format, served by the JDK's HTTP server on its own threads. Reads the runtime's status view and
 * metrics registry only.
 */
package io.temblor.engine.api;
