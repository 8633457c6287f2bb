/**
 * The five HotSwap services: their names, the variable that sets each one's HTTP port (health,
 * metrics, and for the gateway the REST API) and its default. npm start, docker-compose.yml and
 * deploy/prometheus.yml follow this list; a test checks they do.
 */
export const SERVICES = [
  { name: 'gateway', portVariable: 'HOTSWAP_GATEWAY_PORT', defaultPort: 5000 },
  { name: 'orchestrator', portVariable: 'HOTSWAP_ORCHESTRATOR_PORT', defaultPort: 5001 },
  { name: 'approval', portVariable: 'HOTSWAP_APPROVAL_PORT', defaultPort: 5002 },
  { name: 'strategy-runner', portVariable: 'HOTSWAP_STRATEGY_RUNNER_PORT', defaultPort: 5003 },
  { name: 'node-agent', portVariable: 'HOTSWAP_NODE_AGENT_PORT', defaultPort: 5004 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

export function serviceDefinition(name: ServiceName): (typeof SERVICES)[number] {
  const definition = SERVICES.find((service) => service.name === name);
  if (!definition) throw new Error(`Unknown service '${name}'`);
  return definition;
}
