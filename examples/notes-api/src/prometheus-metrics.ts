// The measurements as Prometheus text, for GET /metrics on the app's own port: the Prometheus
// exporter is the MeterProvider's reader, but its HTTP server (a second port, on every interface)
// is never started. Its public collect() gathers the measurements and PrometheusSerializer — the
// one the exporter's own server uses, with the same defaults — writes the text format.
import { diag } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';

/** The text exposition format's media type, as Prometheus scrapes it. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface PrometheusMetrics {
  /** The MeterProvider's reader. */
  readonly reader: PrometheusExporter;
  /** Everything measured so far (cumulative), as Prometheus text. */
  scrape(): Promise<string>;
}

export function prometheusMetrics(): PrometheusMetrics {
  const reader = new PrometheusExporter({ preventServerStart: true });
  // One serializer for the process: it remembers metadata conflicts so it warns of each once.
  const serializer = new PrometheusSerializer();
  return {
    reader,
    async scrape() {
      const { resourceMetrics, errors } = await reader.collect();
      // As the exporter's own server does: a failed callback leaves out its series, not the rest.
      if (errors.length > 0) diag.error('notes-api: metrics collection errors', ...errors);
      return serializer.serialize(resourceMetrics);
    },
  };
}
