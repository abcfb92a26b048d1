/** The interpreter that runs the peers: Debian's python3 (numpy, scipy, torch); the default python3 may be a
 * pyenv build without them. IMAGENOT_PYTHON overrides it, as for the tests. */
export const PYTHON = process.env.IMAGENOT_PYTHON ?? "/usr/bin/python3";
