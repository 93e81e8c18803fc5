import { assertChromiumAvailable } from './chromium';

export default function globalSetup(): void {
  assertChromiumAvailable();
}
