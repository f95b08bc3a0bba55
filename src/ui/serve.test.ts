import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { DEMO_DATA } from '../workflow/demo.js';
import { initProject } from '../workflow/init.js';
import { loadProject, type Project } from '../workflow/project.js';
import type { ProjectOverview } from './dashboard-data.js';
import { isLoopback, startDashboard, type RunningDashboard } from './serve.js';

describe('the dashboard on a socket, over a project with nothing recorded yet', () => {
  let dir: string;
  let project: Project;
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flywheel-ui-empty-'));
    await initProject({ dir, data: DEMO_DATA, target: 'churn', positive: 'Yes' });
    project = loadProject(dir);
    dashboard = await startDashboard({ project, port: 0 });
  }, 60_000);

  afterAll(async () => {
    await dashboard?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 by default and says where', () => {
    expect(dashboard.host).toBe('127.0.0.1');
    expect(dashboard.exposed).toBe(false);
    expect(dashboard.url).toBe(`http://127.0.0.1:${dashboard.port}/`);
  });

  it('describes an unfilled project: every question open, no audit, no ladder, no champion', async () => {
    const response = await fetch(`${dashboard.url}api/project`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ProjectOverview;
    expect(body.problem_card).toMatchObject({ present: false, answers: [], closed: false, cost_threshold: null });
    expect(body.problem_card.open_questions.map((q) => q.key)).toContain('ml_metric');
    expect(body.audit).toBeNull();
    expect(body.ladder).toEqual([]);
    expect(body.champion).toBeNull();
  });

  it('renders every page with its empty state', async () => {
    for (const [path, text] of [
      ['/', 'No ladder runs yet'],
      ['/runs', 'No run matches these filters.'],
      ['/registry', 'No registered versions'],
    ] as const) {
      const response = await fetch(`${dashboard.url}${path.slice(1)}`);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain(text);
    }
  });

  it('refuses a port already in use with a hint', async () => {
    const second = startDashboard({ project, port: dashboard.port });
    await expect(second).rejects.toThrow(FlywheelError);
    await expect(second).rejects.toThrow(`port ${dashboard.port} on 127.0.0.1 is already in use`);
  });

  it('refuses a port out of range', async () => {
    await expect(startDashboard({ project, port: 70_000 })).rejects.toThrow('--port 70000 is not a port number (0 to 65535)');
  });

  it('tells loopback hosts from others', () => {
    expect(['127.0.0.1', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
  });
});
