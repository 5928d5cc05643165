// The shared S3 test server (Ceph RGW from tooling/s3-server, or S3_ENDPOINT): the vitest global
// setup lives in ./global-setup.ts; tests read what it prepared through these.
export { rawClient, type S3TestServer, type S3TlsTestEndpoint, testServer } from './s3-test-server.ts';
