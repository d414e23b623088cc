/**
 * jinit's supervisor: runit-compatible services that Debian's own {@code sv} can drive, and a Java API to define
 * them in code.
 *
 * <p>This package holds the service model: {@link dev.jinit.supervisor.ServiceDefinition} (built and checked by its
 * builder), {@link dev.jinit.supervisor.RestartPolicy}, {@link dev.jinit.supervisor.Readiness},
 * {@link dev.jinit.supervisor.LogService} and the {@link dev.jinit.supervisor.ServiceEvent}s subscribers get.
 * {@code runit} holds runit's file formats, byte-exact; {@code internal} the state machine of one supervised service.
 */
package dev.jinit.supervisor;
