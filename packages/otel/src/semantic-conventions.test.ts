// The names copied in attribute-names.ts and db-system-name.ts are the semantic conventions'.
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_MARIADB,
  DB_SYSTEM_NAME_VALUE_MYSQL,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
  METRIC_DB_CLIENT_OPERATION_DURATION,
} from '@opentelemetry/semantic-conventions';
import {
  ATTR_AWS_S3_BUCKET,
  ATTR_AWS_S3_KEY,
  ATTR_DB_RESPONSE_RETURNED_ROWS,
  ATTR_NETWORK_IO_DIRECTION,
  DB_SYSTEM_NAME_VALUE_SQLITE,
} from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import {
  AWS_S3_BUCKET,
  AWS_S3_KEY,
  DB,
  ERROR_TYPE,
  METRICS,
  NETWORK_IO_DIRECTION,
  SERVER,
} from './attribute-names.ts';
import { dbSystemName } from './db-system-name.ts';
import { errorType } from './error-type.ts';

describe('semantic convention names', () => {
  it('match @opentelemetry/semantic-conventions', () => {
    expect(DB).toEqual({
      systemName: ATTR_DB_SYSTEM_NAME,
      namespace: ATTR_DB_NAMESPACE,
      collectionName: ATTR_DB_COLLECTION_NAME,
      operationName: ATTR_DB_OPERATION_NAME,
      queryText: ATTR_DB_QUERY_TEXT,
      returnedRows: ATTR_DB_RESPONSE_RETURNED_ROWS,
    });
    expect(SERVER).toEqual({ address: ATTR_SERVER_ADDRESS, port: ATTR_SERVER_PORT });
    expect(AWS_S3_BUCKET).toBe(ATTR_AWS_S3_BUCKET);
    expect([ERROR_TYPE, NETWORK_IO_DIRECTION, AWS_S3_KEY, METRICS.dbOperationDuration]).toEqual([
      ATTR_ERROR_TYPE,
      ATTR_NETWORK_IO_DIRECTION,
      ATTR_AWS_S3_KEY,
      METRIC_DB_CLIENT_OPERATION_DURATION,
    ]);
  });

  it('maps Stowage driver names to db.system.name values', () => {
    expect(['postgres', 'mysql', 'mariadb', 'sqlite', 'other'].map(dbSystemName)).toEqual([
      DB_SYSTEM_NAME_VALUE_POSTGRESQL,
      DB_SYSTEM_NAME_VALUE_MYSQL,
      DB_SYSTEM_NAME_VALUE_MARIADB,
      DB_SYSTEM_NAME_VALUE_SQLITE,
      'other',
    ]);
  });

  it('names error.type by the Stowage code, else the class, else _OTHER', () => {
    class Odd extends Error {}
    expect([errorType({ code: 'CONFLICT' }), errorType(new Odd()), errorType({}), errorType('text')]).toEqual(
      ['CONFLICT', 'Odd', '_OTHER', '_OTHER'],
    );
  });
});
