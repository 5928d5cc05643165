// The service every span and metric describes: service.name "notes-api" unless OTEL_SERVICE_NAME
// (or service.name in OTEL_RESOURCE_ATTRIBUTES) names it otherwise, with OTEL_RESOURCE_ATTRIBUTES
// and the SDK's own telemetry.sdk.* attributes. The host and process detectors are left out: a
// process's command line and environment may hold secrets.
import {
  defaultResource,
  detectResources,
  type Resource,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceNameEnvDetector,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export const DEFAULT_SERVICE_NAME = 'notes-api';

/** Reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES from process.env, as the SDK does. */
export function serviceResource(): Resource {
  // Later merges win: OTEL_SERVICE_NAME over OTEL_RESOURCE_ATTRIBUTES over the default name.
  return defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: DEFAULT_SERVICE_NAME }))
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector, serviceNameEnvDetector] }));
}
