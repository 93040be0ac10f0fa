/**
 * electron-builder afterPack hook: flips Electron's fuses in the packed executable, before
 * electron-builder signs it (signing comes after afterPack, and a signature over an
 * executable whose fuses change afterwards would be broken).
 *
 * - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn the signed app into a plain Node.
 * - EnableNodeOptionsEnvironmentVariable / EnableNodeCliInspectArguments off: no code
 *   injected through NODE_OPTIONS or a debugger attached with --inspect.
 * - OnlyLoadAppFromAsar on, EnableEmbeddedAsarIntegrityValidation on (Windows, macOS):
 *   only the packed app.asar runs, and only unmodified. electron-builder embeds the asar's
 *   hashes into the executable itself; Electron does not validate asar integrity on Linux.
 * - EnableCookieEncryption on: the session store is encrypted with the OS key store.
 */
const { join } = require('node:path');

/** The path of the Electron executable electron-builder just packed. */
function executablePath(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  if (electronPlatformName === 'win32') return join(appOutDir, `${productFilename}.exe`);
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${productFilename}.app`);
  // LinuxPackager names the binary after linux.executableName.
  return join(appOutDir, packager.executableName);
}

/** The fuse settings for a platform, keyed by @electron/fuses' option names. */
function fuseSettings(platform) {
  return {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: platform === 'win32' || platform === 'darwin' || platform === 'mas',
    OnlyLoadAppFromAsar: true,
  };
}

async function afterPack(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
  const platform = context.electronPlatformName;
  const settings = fuseSettings(platform);
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(settings)) {
    if (!(name in FuseV1Options)) throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  // Apple Silicon refuses a binary whose ad-hoc signature no longer matches.
  config.resetAdHocDarwinSignature = platform === 'darwin' && context.arch === 3;
  const target = executablePath(context);
  await flipFuses(target, config);
  console.log(`  • fuses flipped  file=${target}  ${Object.entries(settings).map(([k, v]) => `${k}=${v ? 'on' : 'off'}`).join(' ')}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.executablePath = executablePath;
module.exports.fuseSettings = fuseSettings;
