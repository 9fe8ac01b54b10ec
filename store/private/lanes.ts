// The bounded fan-out lives in common/ (benchmarks use it too); the store's modules import it from here.
export { forEachBounded } from '../../common/bounded';
