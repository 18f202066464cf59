import { EventEmitter } from 'node:events';
import type { VersionEvent } from '@/lib/api/dto';
import type { VersionSource } from '@/lib/kube/cache/sse';

/** A cache stand-in for the pure stream tests: a version counter that announces each bump. */
export class FakeVersionSource extends EventEmitter implements VersionSource {
  version = 7;
  current(): VersionEvent {
    return { version: this.version, cache: { state: 'ready', version: this.version } };
  }
  publish(): void {
    this.version += 1;
    this.emit('version', this.current());
  }
}
