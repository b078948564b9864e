// Loaded before every test file (`--import`): each set of objects any planner returns in a test is
// checked against the real CRDs of its release and the Kubernetes schemas, so no test renders an
// object that a cluster would reject or silently prune.
import { setRenderObserver } from '../../src/core/observe';
import { conformanceErrors } from '../reference-crds';

setRenderObserver((objects, release, construct) => {
  const errors = conformanceErrors(objects, release);
  if (errors.length > 0) {
    throw new Error(`${construct}: rendered objects fail the real schemas of ${release?.text ?? 'the newest release'}:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
});
