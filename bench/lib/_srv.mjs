import { startFakeProvider } from '@genai-otel/fake-provider';
const provider = await startFakeProvider({ host: '127.0.0.1', port: 0 });
console.log(provider.baseURL);
setInterval(() => provider.reset(), 2000);
