import { RequestAbortedError } from "./errors.js";

/** The error a caller's abort surfaces as; the signal's reason is kept as the cause. */
export function abortedError(signal: AbortSignal): RequestAbortedError {
  return new RequestAbortedError("The request was aborted by the caller", { cause: signal.reason });
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as `signal` fires, even
 * when whatever produced `work` ignores signals. Work left behind is still watched: its
 * failure is swallowed (never an unhandled rejection) and its late result goes to `release`.
 */
export function settleOrAbandon<T>(
  work: Promise<T>,
  signal: AbortSignal,
  release: (late: T) => void,
): Promise<T> {
  const abandon = () => {
    work.then(release, ignore);
  };
  if (signal.aborted) {
    abandon();
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      abandon();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function ignore(): void {
  // The caller has moved on; this outcome has nobody left to tell.
}

/** Frees the connection behind an answer nobody will read. */
export function discard(response: Response): void {
  response.body?.cancel().catch(ignore);
}
