// startPolling: read now, then again after each answer while `again` says so; stop means no more reads or callbacks.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startPolling } from "../../src/viewer/polling";

const timers = {
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe("startPolling", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads at once, then every interval after each answer until the result says stop", async () => {
    const statuses = ["RUNNING", "RUNNING", "SUCCEEDED"];
    const load = vi.fn(async () => statuses.shift()!);
    const seen: string[] = [];
    startPolling({ load, onResult: (s) => seen.push(s), again: (s) => s === "RUNNING", intervalMs: 2000, timers });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(["RUNNING"]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(["RUNNING", "RUNNING"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual(["RUNNING", "RUNNING", "SUCCEEDED"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("never has two reads in flight: the next waits for the slow answer", async () => {
    const load = vi.fn(() => new Promise<string>((resolve) => setTimeout(() => resolve("RUNNING"), 5000)));
    startPolling({ load, onResult: () => {}, again: () => true, intervalMs: 2000, timers });
    await vi.advanceTimersByTimeAsync(4999);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1 + 2000);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("stops: no callback once stopped, even for a read in flight", async () => {
    let answer: (value: string) => void = () => {};
    const load = vi.fn(() => new Promise<string>((resolve) => (answer = resolve)));
    const onResult = vi.fn();
    const stop = startPolling({ load, onResult, again: () => true, intervalMs: 2000, timers });
    stop();
    answer("RUNNING");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onResult).not.toHaveBeenCalled();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("stops between reads: the scheduled read is cancelled", async () => {
    const load = vi.fn(async () => "RUNNING");
    const stop = startPolling({ load, onResult: () => {}, again: () => true, intervalMs: 2000, timers });
    await vi.advanceTimersByTimeAsync(100);
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("retries a failed read unless told not to", async () => {
    const failing = vi.fn(async () => {
      throw new Error("offline");
    });
    const errors: unknown[] = [];
    const stop = startPolling({ load: failing, onResult: () => {}, again: () => true, onError: (e) => errors.push(e),
      intervalMs: 2000, timers });
    await vi.advanceTimersByTimeAsync(4000);
    expect(failing).toHaveBeenCalledTimes(3);
    expect(errors).toHaveLength(3);
    stop();

    const gone = vi.fn(async () => {
      throw new Error("404");
    });
    startPolling({ load: gone, onResult: () => {}, again: () => true, retry: () => false, intervalMs: 2000, timers });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(gone).toHaveBeenCalledTimes(1);
  });
});
