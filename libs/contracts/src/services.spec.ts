import { SERVICES, serviceDefinition } from './services.js';
import { commandSubject, queueGroup, telemetrySubject } from './subjects.js';

describe('services and subjects', () => {
  it('gives each service its own name, port variable and default port', () => {
    const unique = <T>(values: T[]) => new Set(values).size === values.length;
    expect(unique(SERVICES.map((s) => s.name))).toBe(true);
    expect(unique(SERVICES.map((s) => s.portVariable))).toBe(true);
    expect(unique(SERVICES.map((s) => s.defaultPort))).toBe(true);
    expect(serviceDefinition('gateway').defaultPort).toBe(5000);
  });

  it('names subjects and queue groups per service', () => {
    expect(commandSubject('orchestrator', 'RequestDeployment')).toBe(
      'hotswap.cmd.orchestrator.RequestDeployment',
    );
    expect(queueGroup('strategy-runner')).toBe('hotswap-strategy-runner');
    expect(telemetrySubject('Production', 'prod-node-01')).toBe(
      'hotswap.node.Production.prod-node-01.telemetry',
    );
  });
});
