export { startFakeProvider } from './server.js';
export { FAULT_HEADER, MODEL_FAULT_MARKER } from './faults.js';
export { USAGE_OVERRIDE_HEADER } from './usage-override.js';
export type {
  FakeProvider,
  FakeProviderOptions,
  FaultKind,
  FaultSpec,
  OpenAIChatUsage,
  ServedApi,
  ServedCall,
} from './types.js';
