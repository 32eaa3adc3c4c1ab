import type { RemovedWorkspace } from '../core/views/removed-workspaces.js';
import { When } from './format.js';

/** Tells admins, first thing, which workspaces removed Sitrep and what that paused. */
export function RemovedWorkspaces(props: { removed: RemovedWorkspace[]; paused: number }) {
  if (props.removed.length === 0 && props.paused === 0) return null;
  return (
    <section class="banner warning" role="status" aria-labelledby="removed-workspaces">
      <h2 id="removed-workspaces">Removed from {props.removed.length === 1 ? 'a workspace' : 'workspaces'}</h2>
      <ul>
        {props.removed.map((r) => (
          <li>
            {r.platform} workspace <code>{r.workspace}</code>, <When at={r.at} />: {r.detail}
          </li>
        ))}
      </ul>
      {props.paused > 0 && (
        <p>
          {props.paused} schedule{props.paused === 1 ? ' is' : 's are'} paused until Sitrep is installed there again (
          <a href="/console/channels">channels</a>); installing it again resumes them.
        </p>
      )}
    </section>
  );
}
