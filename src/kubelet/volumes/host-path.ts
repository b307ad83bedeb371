// hostPath `type` checks as upstream's hostpath plugin (checkType): *OrCreate make what is missing,
// the others require an existing object of that kind.
import { closeSync, mkdirSync, openSync, statSync, type Stats } from 'node:fs';

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export function checkHostPath(path: string, type: string | undefined): void {
  const found = stat(path);
  switch (type ?? '') {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!found) {
        mkdirSync(path, { recursive: true, mode: 0o755 });
        return;
      }
    // falls through
    case 'Directory':
      if (!found?.isDirectory()) throw new Error(`hostPath type check failed: ${path} is not a directory`);
      return;
    case 'FileOrCreate':
      if (!found) {
        closeSync(openSync(path, 'a', 0o644));
        return;
      }
    // falls through
    case 'File':
      if (!found?.isFile()) throw new Error(`hostPath type check failed: ${path} is not a file`);
      return;
    case 'Socket':
      if (!found?.isSocket()) throw new Error(`hostPath type check failed: ${path} is not a socket file`);
      return;
    case 'CharDevice':
      if (!found?.isCharacterDevice()) throw new Error(`hostPath type check failed: ${path} is not a character device`);
      return;
    case 'BlockDevice':
      if (!found?.isBlockDevice()) throw new Error(`hostPath type check failed: ${path} is not a block device`);
      return;
    default:
      throw new Error(`${type} is an invalid volume type`);
  }
}
