// The kaizen-burst star of value-stream maps: an improvement idea or goal attached to a step.
const BURST = "M20 1 24.5 11 35 6.5 31 17 40 21 30 25.5 33.5 36 23.5 31.5 19 40 15.5 30.5 5 34 9 24 0 19.5 10 15.5 6 5 16 9.5z";

/** Decorative: callers say what it is. */
export function Burst({ size }: { size: number }) {
  return (
    <svg viewBox="0 0 40 40" width={size} height={size} aria-hidden="true" focusable="false">
      <path d={BURST} />
    </svg>
  );
}
