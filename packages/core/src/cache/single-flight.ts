// In-process single-flight: concurrent calls for one key share one promise, so a cold key hit by
// fifty requests costs one loader call. A rejection reaches every waiter and is not remembered:
// the next call starts afresh.

export interface FlightResult<T> {
  value: T;
  /** True for callers that joined another caller's flight (they must not share its objects). */
  shared: boolean;
}

export interface SingleFlight {
  run<T>(key: string, work: () => Promise<T>): Promise<FlightResult<T>>;
  /** Flights currently running, for tests and diagnostics. */
  readonly size: number;
}

export function createSingleFlight(): SingleFlight {
  const flights = new Map<string, Promise<unknown>>();

  async function run<T>(key: string, work: () => Promise<T>): Promise<FlightResult<T>> {
    const running = flights.get(key);
    if (running) return { value: (await running) as T, shared: true };
    const flight = Promise.resolve().then(work);
    flights.set(key, flight);
    // Registered before anyone awaits the flight, so the key is free again by the time the
    // waiters resume; also marks the rejection as handled.
    const release = () => {
      if (flights.get(key) === flight) flights.delete(key);
    };
    flight.then(release, release);
    return { value: await flight, shared: false };
  }

  return {
    run,
    get size() {
      return flights.size;
    },
  };
}
