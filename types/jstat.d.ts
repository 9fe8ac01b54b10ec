/**
 * Declarations for the subset of `jstat` 1.9.6 (published without types) that this project calls:
 * the Student t distribution for the change-point t-test. Extend it when a new call is needed.
 */
declare module 'jstat' {
  export const jStat: {
    studentt: {
      /** P(T ≤ x) for Student's t with `dof` degrees of freedom. */
      cdf(x: number, dof: number): number;
    };
    normal: {
      /** P(X ≤ x) for a normal distribution with the given mean and standard deviation. */
      cdf(x: number, mean: number, std: number): number;
      /** The x with P(X ≤ x) = p. */
      inv(p: number, mean: number, std: number): number;
    };
  };
}
