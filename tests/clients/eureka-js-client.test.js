#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Drives the real npm eureka-js-client (pinned 4.5.0 in package.json / package-lock.json) against a
// Muster node started as a child process. Contract: /work/shared/contracts/eureka.md §5.1 and
// checklist items 34-39 (§7).
//
// Three clients share one node:
//   * CANON  - servicePath '/eureka/apps/' (Spring style) and the canonical payload (port object,
//              dataCenterInfo @class, instanceId, leaseInfo, metadata, URLs);
//   * LOOSE  - the default servicePath '/eureka/v2/apps/' and the README's minimal payload
//              (port: 8080, dataCenterInfo {name:'MyOwn'}, lower-case app, no instanceId);
//   * DELTA  - shouldUseDelta: true, registerWithEureka: false; it watches the others through
//              GET apps/delta only (after its first full fetch).
// Scenarios: register, heartbeat, discover each other by app and by vipAddress, an operator takes
// CANON OUT_OF_SERVICE (it must vanish from discovery) and back, an operator deletes both
// instances (their next heartbeat gets 404 and they re-register), stop() deregisters.
//
// Run: MUSTER_BIN=/path/to/muster node eureka-js-client.test.js   (ctest sets MUSTER_BIN).
// MUSTER_TEST_VERBOSE=1 echoes the clients' logs and the node's stderr as they happen.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const VERBOSE = !!process.env.MUSTER_TEST_VERBOSE;
const WAIT_TIMEOUT_MS = 15000; // generous upper bound for every condition we wait on
const OVERALL_TIMEOUT_MS = 100000; // ctest kills us at 120 s; fail with a message before that
const INTERVAL_MS = 500; // heartbeatInterval and registryFetchInterval of every client

// ------------------------------------------------------------------------------------------------
// Loading the client: missing packages are a hard failure, never a skip.

function loadClient() {
    let pkg;
    try {
        pkg = require('eureka-js-client/package.json');
    } catch (e) {
        throw new Error(`eureka-js-client is not installed under ${path.join(__dirname, 'node_modules')}.\n` +
                        'Run installer/install-deps.sh (or "npm ci" in tests/clients) first.');
    }
    if (pkg.version !== '4.5.0')
        throw new Error(`eureka-js-client ${pkg.version} is installed, the tests pin 4.5.0; run "npm ci" in tests/clients`);
    return require('eureka-js-client').Eureka;
}

function musterBinary() {
    const fromEnv = process.env.MUSTER_BIN;
    const fallback = path.resolve(__dirname, '..', '..', 'build', 'bin', 'muster');
    const bin = fromEnv || fallback;
    if (!fs.existsSync(bin))
        throw new Error(`Muster binary not found at ${bin}` +
                        (fromEnv ? ' (from MUSTER_BIN)' : '; set MUSTER_BIN to the built muster executable'));
    return bin;
}

// ------------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let node = null; // the Muster child process, see startNode()

// Polls predicate until it returns a truthy value (returned) or the timeout passes. Exceptions
// thrown by the predicate count as "not yet" and the last one is reported on timeout.
async function waitFor(what, predicate, timeoutMs = WAIT_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    let lastError = null;
    for (;;) {
        node.assertAlive();
        try {
            const value = await predicate();
            if (value)
                return value;
            lastError = null;
        } catch (e) {
            lastError = e;
        }
        if (Date.now() > deadline)
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` +
                            (lastError ? `\n  last check failed with: ${lastError.message}` : ''));
        await sleep(25);
    }
}

function httpRequest(method, urlPath, { headers = {}, body } = {}) {
    return new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
        const req = http.request({
            host: node.host,
            port: node.port,
            method,
            path: urlPath,
            headers: data ? { 'Content-Length': data.length, ...headers } : headers,
            agent: false,
        }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
        });
        req.setTimeout(5000, () => req.destroy(new Error(`${method} ${urlPath}: no answer within 5 s`)));
        req.on('error', reject);
        if (data)
            req.write(data);
        req.end();
    });
}

function describe(method, urlPath, res) {
    return `${method} ${urlPath} -> ${res.status} ${JSON.stringify(res.body.slice(0, 400))}`;
}

// An operator action straight to the server; anything but the expected status fails the test.
async function operator(method, urlPath, expectedStatus) {
    const res = await httpRequest(method, urlPath);
    assert.equal(res.status, expectedStatus, `operator ${describe(method, urlPath, res)}; expected ${expectedStatus}`);
    return res;
}

// GET <prefix>/apps as JSON, checked for the envelope every client relies on.
async function fetchApps(prefix = '/eureka') {
    const urlPath = `${prefix}/apps`;
    const res = await httpRequest('GET', urlPath, { headers: { Accept: 'application/json' } });
    assert.equal(res.status, 200, describe('GET', urlPath, res));
    assert.match(String(res.headers['content-type']), /application\/json/, `GET ${urlPath}: Content-Type`);
    let json;
    try {
        json = JSON.parse(res.body);
    } catch (e) {
        assert.fail(`GET ${urlPath}: body is not JSON: ${res.body.slice(0, 400)}`);
    }
    const apps = json.applications;
    assert.ok(apps && typeof apps === 'object', `GET ${urlPath}: no "applications" root: ${res.body.slice(0, 400)}`);
    assert.equal(typeof apps.versions__delta, 'string', `GET ${urlPath}: versions__delta must be a string`);
    assert.equal(typeof apps.apps__hashcode, 'string', `GET ${urlPath}: apps__hashcode must be a string`);
    assert.ok(Array.isArray(apps.application),
              `GET ${urlPath}: "application" must always be an array (js-client needs it): ${res.body.slice(0, 400)}`);
    const counts = {};
    for (const app of apps.application) {
        assert.ok(Array.isArray(app.instance), `GET ${urlPath}: application ${app.name}: "instance" must be an array`);
        for (const inst of app.instance)
            counts[inst.status] = (counts[inst.status] || 0) + 1;
    }
    const expectedHash = Object.keys(counts).sort().map((s) => `${s}_${counts[s]}_`).join('');
    assert.equal(apps.apps__hashcode, expectedHash, `GET ${urlPath}: apps__hashcode does not match the instances served`);
    return apps;
}

function findServed(apps, appName, id) {
    const app = apps.application.find((a) => a.name === appName);
    if (!app)
        return undefined;
    return app.instance.find((i) => (i.instanceId || i.hostName) === id);
}

async function servedInstance(appName, id, prefix = '/eureka') {
    return findServed(await fetchApps(prefix), appName, id);
}

// ------------------------------------------------------------------------------------------------
// The Muster node

function startNode(bin) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'muster-js-test-'));
    const args = ['--headless', '--port', '0', '--bind', '127.0.0.1', '--eviction-interval', '1',
                  '--self-preservation', 'off', '--name', 'js-test'];
    const child = spawn(bin, args, {
        cwd: home,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home, QT_QPA_PLATFORM: 'offscreen' },
    });
    const state = {
        child, home, host: null, port: null, exited: false, exitCode: null, exitSignal: null,
        stdout: '', stderr: '', stopping: false,
        commandLine: `${bin} ${args.join(' ')}`,
        assertAlive() {
            if (this.exited && !this.stopping)
                throw new Error(`the Muster node exited unexpectedly (code ${this.exitCode}, signal ${this.exitSignal})`);
        },
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
        state.stderr += d;
        if (VERBOSE)
            process.stderr.write(d.replace(/^/gm, '[node] '));
    });
    const listening = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the node did not print its "listening on" line within ${WAIT_TIMEOUT_MS} ms`)),
                                 WAIT_TIMEOUT_MS);
        child.stdout.on('data', (d) => {
            state.stdout += d;
            if (VERBOSE)
                process.stderr.write(d.replace(/^/gm, '[node:stdout] '));
            const m = /listening on http:\/\/([^:]+):(\d+)/.exec(state.stdout);
            if (m && state.port === null) {
                state.host = m[1];
                state.port = Number(m[2]);
                clearTimeout(timer);
                resolve();
            }
        });
        child.on('exit', (code, signal) => {
            state.exited = true;
            state.exitCode = code;
            state.exitSignal = signal;
            clearTimeout(timer);
            reject(new Error(`the node exited before listening (code ${code}, signal ${signal})`));
        });
        child.on('error', (e) => {
            clearTimeout(timer);
            reject(new Error(`cannot start ${bin}: ${e.message}`));
        });
    });
    state.exitPromise = new Promise((resolve) => child.on('exit', () => resolve()));
    state.listening = listening;
    return state;
}

// SIGTERM, then SIGKILL if it does not go within 10 s. Returns a problem description or null.
async function stopNode() {
    if (!node || node.exited)
        return null;
    node.stopping = true;
    node.child.kill('SIGTERM');
    const exited = await Promise.race([node.exitPromise.then(() => true), sleep(10000).then(() => false)]);
    if (!exited) {
        node.child.kill('SIGKILL');
        await node.exitPromise;
        return 'the node ignored SIGTERM for 10 s and was killed';
    }
    if (node.exitCode !== 0)
        return `the node exited with code ${node.exitCode} (signal ${node.exitSignal}) after SIGTERM, expected a clean exit 0`;
    return null;
}

// ------------------------------------------------------------------------------------------------
// The clients

// Warnings the client logs on paths we provoke on purpose, or from our own polling of an empty cache.
const EXPECTED_WARNINGS = [
    /^Unable to retrieve instances for appId/,
    /^Unable to retrieves instances for vipAddress/,
    /^eureka heartbeat FAILED, Re-registering app/, // after an operator DELETE
];

const clientLog = []; // every line any client logged, for the failure report
const unexpectedLog = []; // warn/error lines not in EXPECTED_WARNINGS

function makeLogger(tag) {
    const line = (level) => (...args) => {
        const text = args.map((a) => (a instanceof Error ? `${a.message}` : typeof a === 'object' ? JSON.stringify(a) : String(a))).join(' ');
        const entry = `${new Date().toISOString()} [${tag}] ${level}: ${text}`;
        clientLog.push(entry);
        if (VERBOSE)
            process.stderr.write(entry + '\n');
        if ((level === 'warn' || level === 'error') && !EXPECTED_WARNINGS.some((re) => re.test(text)))
            unexpectedLog.push(entry);
    };
    return { level() {}, error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug') };
}

const emptyCwd = fs.mkdtempSync(path.join(os.tmpdir(), 'muster-js-cwd-')); // no stray eureka-client.yml

function makeClient(Eureka, tag, config) {
    const client = new Eureka({ ...config, logger: makeLogger(tag), cwd: emptyCwd });
    client.tag = tag;
    client.events = []; // event names in order
    client.count = { registered: 0, started: 0, heartbeat: 0, deregistered: 0, registryUpdated: 0 };
    for (const name of Object.keys(client.count)) {
        client.on(name, () => {
            client.count[name] += 1;
            client.events.push(name);
        });
    }
    return client;
}

function startClient(client) {
    return new Promise((resolve, reject) => {
        client.start((err) => (err ? reject(new Error(`${client.tag}.start() failed: ${err.message || err}`)) : resolve()));
    });
}

function stopClient(client) {
    return new Promise((resolve, reject) => {
        client.stop((err) => (err ? reject(new Error(`${client.tag}.stop() failed: ${err.message || err}`)) : resolve()));
    });
}

// Resolves once the client has emitted `event` n more times than it had when this was called.
function nextEvents(client, event, n = 1) {
    const target = client.count[event] + n;
    return waitFor(`${n} more '${event}' event(s) from ${client.tag} (have ${client.count[event]})`,
                   () => client.count[event] >= target);
}

function ids(list) {
    return list.map((i) => `${i.app}/${i.instanceId || i.hostName}:${i.port && i.port.$}(${i.status})`).join(', ') || 'none';
}

// ------------------------------------------------------------------------------------------------
// The payloads

const CANON = {
    app: 'MYJS',
    id: 'localhost:myjs:9091',
    vip: 'myjs.muster.test',
    instance: {
        instanceId: 'localhost:myjs:9091',
        app: 'MYJS',
        hostName: 'localhost',
        ipAddr: '127.0.0.1',
        status: 'UP',
        overriddenStatus: 'UNKNOWN',
        port: { $: 9091, '@enabled': 'true' },
        securePort: { $: 9443, '@enabled': 'false' },
        countryId: 1,
        dataCenterInfo: { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
        leaseInfo: { renewalIntervalInSecs: 1, durationInSecs: 30 },
        metadata: { 'management.port': '9091', zone: 'zone-a' },
        homePageUrl: 'http://localhost:9091/',
        statusPageUrl: 'http://localhost:9091/info',
        healthCheckUrl: 'http://localhost:9091/health',
        vipAddress: 'myjs.muster.test',
        secureVipAddress: 'myjs.secure.muster.test',
    },
};

// The README's basic example, verbatim apart from nothing: plain port, no @class, lower-case app.
const LOOSE = {
    app: 'JQSERVICE',
    id: 'localhost', // no instanceId: the server and the client both fall back to hostName
    vip: 'jq.test.something.com',
    instance: {
        app: 'jqservice',
        hostName: 'localhost',
        ipAddr: '127.0.0.1',
        port: 8080,
        vipAddress: 'jq.test.something.com',
        dataCenterInfo: { name: 'MyOwn' },
    },
};

function eurekaOptions(extra) {
    return {
        host: node.host,
        port: node.port,
        heartbeatInterval: INTERVAL_MS,
        registryFetchInterval: INTERVAL_MS,
        maxRetries: 1,
        requestRetryDelay: 100,
        ...extra,
    };
}

// ------------------------------------------------------------------------------------------------
// Checks on served instances

function checkLeaseInfo(inst, where, renewal, duration) {
    const li = inst.leaseInfo;
    assert.ok(li && typeof li === 'object', `${where}: leaseInfo missing`);
    for (const f of ['renewalIntervalInSecs', 'durationInSecs', 'registrationTimestamp', 'lastRenewalTimestamp',
                     'evictionTimestamp', 'serviceUpTimestamp'])
        assert.equal(typeof li[f], 'number', `${where}: leaseInfo.${f} must be a number, got ${JSON.stringify(li[f])}`);
    assert.equal(li.renewalIntervalInSecs, renewal, `${where}: leaseInfo.renewalIntervalInSecs`);
    assert.equal(li.durationInSecs, duration, `${where}: leaseInfo.durationInSecs`);
}

function checkCommonShape(inst, where) {
    assert.equal(inst.status, 'UP', `${where}: status`);
    assert.equal(inst.overriddenStatus, 'UNKNOWN', `${where}: overriddenStatus`);
    assert.equal(inst.ipAddr, '127.0.0.1', `${where}: ipAddr`);
    assert.equal(inst.hostName, 'localhost', `${where}: hostName`);
    assert.equal(inst.countryId, 1, `${where}: countryId`);
    assert.ok(inst.securePort && typeof inst.securePort.$ === 'number' && inst.securePort['@enabled'] === 'false',
              `${where}: securePort must be {"$":<number>,"@enabled":"false"}, got ${JSON.stringify(inst.securePort)}`);
    assert.deepEqual(inst.dataCenterInfo, { '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo', name: 'MyOwn' },
                     `${where}: dataCenterInfo`);
    assert.ok(inst.metadata && typeof inst.metadata === 'object' && !Array.isArray(inst.metadata), `${where}: metadata must be an object`);
    assert.equal(typeof inst.lastDirtyTimestamp, 'string', `${where}: lastDirtyTimestamp must be a string`);
    assert.equal(typeof inst.lastUpdatedTimestamp, 'string', `${where}: lastUpdatedTimestamp must be a string`);
    assert.equal(typeof inst.actionType, 'string', `${where}: actionType must be a string`);
    assert.equal(inst.isCoordinatingDiscoveryServer, 'false', `${where}: isCoordinatingDiscoveryServer`);
}

// ------------------------------------------------------------------------------------------------
// The test

const results = [];
let stepNo = 0;
async function step(name, fn) {
    stepNo += 1;
    const t0 = Date.now();
    try {
        await fn();
    } catch (e) {
        e.step = `${stepNo} - ${name}`;
        throw e;
    }
    const line = `ok ${stepNo} - ${name} (${Date.now() - t0} ms)`;
    results.push(line);
    console.log(line);
}

async function main() {
    const Eureka = loadClient();
    const bin = musterBinary();
    node = startNode(bin);
    const clients = [];
    let canon, loose, delta;
    const deltaSeen = []; // {app, id, actionType, status} for every instance in every applied delta
    const deltaStats = { applied: 0, empty: 0, errors: [], fullFetches: 0 };

    try {
        await step(`node starts and prints its listening line (${node.commandLine})`, async () => {
            await node.listening;
            const apps = await fetchApps('/eureka');
            assert.equal(apps.application.length, 0, `a fresh node serves an empty registry, got ${JSON.stringify(apps)}`);
            assert.equal(apps.apps__hashcode, '', 'empty registry hashcode');
            await fetchApps('/eureka/v2');
        });

        await step('DELTA client (shouldUseDelta) starts with a full fetch and then applies empty deltas', async () => {
            delta = makeClient(Eureka, 'DELTA', {
                shouldUseDelta: true,
                eureka: eurekaOptions({ servicePath: '/eureka/apps/', registerWithEureka: false }),
            });
            clients.push(delta);
            const handleDelta = delta.handleDelta.bind(delta);
            delta.handleDelta = (cache, applications) => {
                try {
                    if (Array.isArray(applications) && applications.length === 0)
                        deltaStats.empty += 1;
                    for (const app of Array.isArray(applications) ? applications : [applications]) {
                        const insts = app && app.instance ? (Array.isArray(app.instance) ? app.instance : [app.instance]) : [];
                        for (const i of insts)
                            deltaSeen.push({ app: i.app, id: i.instanceId || i.hostName, actionType: i.actionType, status: i.status });
                    }
                    handleDelta(cache, applications);
                    deltaStats.applied += 1;
                } catch (e) {
                    deltaStats.errors.push(`${e.message}; delta was ${JSON.stringify(applications)}`);
                    throw e;
                }
            };
            const fullFetch = delta.fetchFullRegistry.bind(delta);
            delta.fetchFullRegistry = (cb) => {
                deltaStats.fullFetches += 1;
                fullFetch(cb);
            };
            await startClient(delta);
            assert.equal(delta.count.registryUpdated, 1, 'the first fetch is a full one');
            assert.equal(delta.hasFullRegistry, true, 'hasFullRegistry after the first fetch');
            await waitFor('two empty deltas ("application":[]) applied by DELTA', () => deltaStats.empty >= 2);
            assert.deepEqual(deltaStats.errors, [], 'errors while applying deltas');
        });

        await step('CANON (servicePath /eureka/apps/, canonical payload) and LOOSE (default /eureka/v2/apps/, README payload) register', async () => {
            canon = makeClient(Eureka, 'CANON', {
                instance: CANON.instance,
                eureka: eurekaOptions({ servicePath: '/eureka/apps/' }),
            });
            loose = makeClient(Eureka, 'LOOSE', {
                instance: LOOSE.instance,
                eureka: eurekaOptions({}), // default servicePath
            });
            clients.push(canon, loose);
            assert.equal(loose.config.eureka.servicePath, '/eureka/v2/apps/', 'LOOSE uses the default servicePath');
            await Promise.all([startClient(canon), startClient(loose)]);
            for (const c of [canon, loose]) {
                assert.equal(c.count.registered, 1, `${c.tag}: one 'registered' (register got 204)`);
                assert.equal(c.count.started, 1, `${c.tag}: 'started'`);
                assert.ok(c.events.indexOf('registered') < c.events.indexOf('started'),
                          `${c.tag}: 'registered' must come before 'started', got ${c.events.join(',')}`);
                assert.ok(c.count.registryUpdated >= 1, `${c.tag}: the start-up fetch emitted 'registryUpdated'`);
            }
        });

        await step('the server serves both instances on /eureka/apps and /eureka/v2/apps in the canonical shape', async () => {
            const apps = await fetchApps('/eureka');
            const c = findServed(apps, CANON.app, CANON.id);
            const l = findServed(apps, LOOSE.app, LOOSE.id);
            assert.ok(c, `${CANON.app}/${CANON.id} missing from GET /eureka/apps: ${JSON.stringify(apps)}`);
            assert.ok(l, `${LOOSE.app}/${LOOSE.id} (app upper-cased, id = hostName) missing from GET /eureka/apps: ${JSON.stringify(apps)}`);
            assert.equal(apps.apps__hashcode, 'UP_2_', 'hashcode with both instances up');

            // LOOSE sent port: 8080 and dataCenterInfo {name:'MyOwn'}; it must come back canonical (checklist 39).
            const wl = 'LOOSE as served';
            assert.equal(l.app, 'JQSERVICE', `${wl}: app`);
            assert.deepEqual(l.port, { $: 8080, '@enabled': 'true' }, `${wl}: port`);
            checkCommonShape(l, wl);
            checkLeaseInfo(l, wl, 30, 90);

            const wc = 'CANON as served';
            assert.equal(c.instanceId, CANON.id, `${wc}: instanceId`);
            assert.equal(c.app, 'MYJS', `${wc}: app`);
            assert.deepEqual(c.port, { $: 9091, '@enabled': 'true' }, `${wc}: port`);
            assert.deepEqual(c.securePort, { $: 9443, '@enabled': 'false' }, `${wc}: securePort`);
            checkCommonShape(c, wc);
            checkLeaseInfo(c, wc, 1, 30);
            assert.equal(c.metadata['management.port'], '9091', `${wc}: metadata`);
            assert.equal(c.metadata.zone, 'zone-a', `${wc}: metadata`);
            assert.equal(c.vipAddress, CANON.vip, `${wc}: vipAddress`);
            assert.equal(c.secureVipAddress, 'myjs.secure.muster.test', `${wc}: secureVipAddress`);
            assert.equal(c.statusPageUrl, 'http://localhost:9091/info', `${wc}: statusPageUrl`);
            assert.equal(c.healthCheckUrl, 'http://localhost:9091/health', `${wc}: healthCheckUrl`);
            assert.equal(c.homePageUrl, 'http://localhost:9091/', `${wc}: homePageUrl`);

            const v2 = await fetchApps('/eureka/v2');
            assert.ok(findServed(v2, CANON.app, CANON.id) && findServed(v2, LOOSE.app, LOOSE.id), 'both instances on GET /eureka/v2/apps');
        });

        await step('both clients heartbeat (200 -> heartbeat events) and the server renews their leases', async () => {
            // GET /apps is cached per registry version and plain renewals do not move that version (the
            // Java server does the same), so read the uncached GET /apps/{APP}/{ID}.
            const lastRenewal = async (t) => {
                const urlPath = `/eureka/apps/${t.app}/${encodeURIComponent(t.id)}`;
                const res = await httpRequest('GET', urlPath, { headers: { Accept: 'application/json' } });
                assert.equal(res.status, 200, describe('GET', urlPath, res));
                return JSON.parse(res.body).instance.leaseInfo.lastRenewalTimestamp;
            };
            const rc = await lastRenewal(CANON);
            const rl = await lastRenewal(LOOSE);
            await Promise.all([nextEvents(canon, 'heartbeat', 2), nextEvents(loose, 'heartbeat', 2)]);
            const rc2 = await lastRenewal(CANON);
            const rl2 = await lastRenewal(LOOSE);
            assert.ok(rc2 > rc, `CANON leaseInfo.lastRenewalTimestamp did not move (${rc} -> ${rc2})`);
            assert.ok(rl2 > rl, `LOOSE leaseInfo.lastRenewalTimestamp did not move (${rl} -> ${rl2})`);
        });

        const sees = (client, target) =>
            client.getInstancesByAppId(target.app).length === 1 && client.getInstancesByVipAddress(target.vip).length === 1;
        const seesNot = (client, target) =>
            client.getInstancesByAppId(target.app).length === 0 && client.getInstancesByVipAddress(target.vip).length === 0;

        await step('the clients discover each other (and themselves) by app and by vipAddress', async () => {
            await waitFor('CANON and LOOSE to see both instances by app and vip', () =>
                sees(canon, CANON) && sees(canon, LOOSE) && sees(loose, CANON) && sees(loose, LOOSE));
            // Lower-case lookups work too: the client upper-cases appId.
            assert.equal(canon.getInstancesByAppId('jqservice').length, 1, 'getInstancesByAppId is case-insensitive');
            const l = canon.getInstancesByAppId(LOOSE.app)[0];
            assert.deepEqual(l.port, { $: 8080, '@enabled': 'true' }, 'CANON sees LOOSE with a port object (its dedupe key)');
            assert.equal(l.status, 'UP');
            const c = loose.getInstancesByVipAddress(CANON.vip)[0];
            assert.equal(c.instanceId, CANON.id, 'LOOSE sees CANON by vip');
            assert.equal(c.metadata.zone, 'zone-a', 'LOOSE sees CANON metadata');
        });

        await step('DELTA picks both registrations up through deltas alone (no further full fetch)', async () => {
            await waitFor('DELTA to see both instances by app and vip', () => sees(delta, CANON) && sees(delta, LOOSE));
            assert.ok(deltaSeen.some((d) => d.app === CANON.app && d.id === CANON.id && d.actionType === 'ADDED'), 'ADDED for CANON in a delta');
            assert.ok(deltaSeen.some((d) => d.app === LOOSE.app && d.id === LOOSE.id && d.actionType === 'ADDED'), 'ADDED for LOOSE in a delta');
            assert.equal(deltaStats.fullFetches, 1, 'DELTA must only have done its first full fetch');
            assert.deepEqual(deltaStats.errors, [], 'errors while applying deltas');
        });

        const canonPath = `/eureka/apps/${CANON.app}/${encodeURIComponent(CANON.id)}`;
        const loosePath = `/eureka/apps/${LOOSE.app}/${encodeURIComponent(LOOSE.id)}`;

        await step('operator PUT .../status?value=OUT_OF_SERVICE: CANON vanishes from discovery on the next fetch', async () => {
            const counts = { canon: canon.count.registryUpdated, loose: loose.count.registryUpdated };
            await operator('PUT', `${canonPath}/status?value=OUT_OF_SERVICE`, 200);
            const one = await httpRequest('GET', canonPath, { headers: { Accept: 'application/json' } });
            assert.equal(one.status, 200, describe('GET', canonPath, one));
            const inst = JSON.parse(one.body).instance;
            assert.equal(inst.status, 'OUT_OF_SERVICE', `GET ${canonPath}: status`);
            assert.equal(inst.overriddenStatus, 'OUT_OF_SERVICE', `GET ${canonPath}: overriddenStatus`);
            assert.equal((await fetchApps()).apps__hashcode, 'OUT_OF_SERVICE_1_UP_1_', 'hashcode');
            // A fetch may have been in flight during the PUT; the one after it must not return CANON.
            await Promise.all([
                waitFor('2 more full fetches by CANON', () => canon.count.registryUpdated >= counts.canon + 2),
                waitFor('2 more full fetches by LOOSE', () => loose.count.registryUpdated >= counts.loose + 2),
            ]);
            for (const c of [canon, loose]) {
                assert.ok(seesNot(c, CANON), `${c.tag} still discovers the OUT_OF_SERVICE instance: by app ${ids(c.getInstancesByAppId(CANON.app))}, ` +
                                             `by vip ${ids(c.getInstancesByVipAddress(CANON.vip))}`);
                assert.ok(sees(c, LOOSE), `${c.tag} lost LOOSE (still UP): ${ids(c.getInstancesByAppId(LOOSE.app))}`);
            }
        });

        await step('CANON keeps heartbeating while OUT_OF_SERVICE, and the override holds', async () => {
            await nextEvents(canon, 'heartbeat', 2);
            const inst = await servedInstance(CANON.app, CANON.id);
            assert.ok(inst, 'CANON still registered');
            assert.equal(inst.status, 'OUT_OF_SERVICE', 'a plain heartbeat must not undo the override');
            assert.equal(canon.count.registered, 1, 'no re-register while OUT_OF_SERVICE');
        });

        await step('DELTA receives CANON as MODIFIED/OUT_OF_SERVICE without errors', async () => {
            await waitFor('a MODIFIED OUT_OF_SERVICE record for CANON in a delta', () =>
                deltaSeen.some((d) => d.app === CANON.app && d.id === CANON.id && d.actionType === 'MODIFIED' && d.status === 'OUT_OF_SERVICE'));
            assert.deepEqual(deltaStats.errors, [], 'errors while applying deltas');
        });

        await step('operator DELETE .../status?value=UP: CANON is discovered again', async () => {
            await operator('DELETE', `${canonPath}/status?value=UP`, 200);
            const inst = await servedInstance(CANON.app, CANON.id);
            assert.equal(inst.status, 'UP', 'status after removing the override');
            assert.equal(inst.overriddenStatus, 'UNKNOWN', 'overriddenStatus after removing the override');
            await waitFor('CANON and LOOSE to discover CANON again', () => sees(canon, CANON) && sees(loose, CANON));
            await waitFor('DELTA to get CANON back as MODIFIED/UP', () =>
                deltaSeen.some((d) => d.app === CANON.app && d.actionType === 'MODIFIED' && d.status === 'UP') &&
                delta.getInstancesByAppId(CANON.app).every((i) => i.status === 'UP'));
        });

        for (const [client, target, urlPath] of [[() => canon, CANON, canonPath], [() => loose, LOOSE, loosePath]]) {
            await step(`operator DELETE ${urlPath}: ${target === CANON ? 'CANON' : 'LOOSE'}'s next heartbeat gets 404 and it re-registers`, async () => {
                const c = client();
                const before = await servedInstance(target.app, target.id);
                const registered = c.count.registered;
                const reRegLogs = clientLog.filter((l) => l.includes(`[${c.tag}]`) && l.includes('Re-registering')).length;
                await operator('DELETE', urlPath, 200);
                await waitFor(`${c.tag} to emit 'registered' again`, () => c.count.registered > registered);
                assert.ok(clientLog.filter((l) => l.includes(`[${c.tag}]`) && l.includes('Re-registering')).length > reRegLogs,
                          `${c.tag} re-registered, but not through the heartbeat-404 path`);
                const after = await waitFor(`${target.app}/${target.id} back in GET /eureka/apps`, () => servedInstance(target.app, target.id));
                assert.equal(after.status, 'UP', 'status after re-registering');
                assert.ok(after.leaseInfo.registrationTimestamp > before.leaseInfo.registrationTimestamp,
                          `a new lease: registrationTimestamp ${before.leaseInfo.registrationTimestamp} -> ${after.leaseInfo.registrationTimestamp}`);
                await nextEvents(c, 'heartbeat', 1);
                await waitFor('both clients to discover it again', () => sees(canon, target) && sees(loose, target));
            });
        }

        await step('CANON.stop() emits deregistered (DELETE 200) and CANON leaves the registry and discovery', async () => {
            await nextEvents(canon, 'heartbeat', 1); // stop right after a heartbeat, so none is in flight
            await stopClient(canon);
            assert.equal(canon.count.deregistered, 1, "CANON: 'deregistered'");
            const one = await httpRequest('GET', canonPath, { headers: { Accept: 'application/json' } });
            assert.equal(one.status, 404, `after stop(): ${describe('GET', canonPath, one)}`);
            assert.equal(await servedInstance(CANON.app, CANON.id), undefined, 'CANON still in GET /eureka/apps after stop()');
            const n = loose.count.registryUpdated;
            await waitFor('2 more full fetches by LOOSE', () => loose.count.registryUpdated >= n + 2);
            assert.ok(seesNot(loose, CANON), `LOOSE still discovers the stopped CANON: ${ids(loose.getInstancesByAppId(CANON.app))}`);
            assert.ok(sees(loose, LOOSE), 'LOOSE still discovers itself');
        });

        await step('LOOSE.stop() emits deregistered and the registry is empty again', async () => {
            await nextEvents(loose, 'heartbeat', 1);
            await stopClient(loose);
            assert.equal(loose.count.deregistered, 1, "LOOSE: 'deregistered'");
            const one = await httpRequest('GET', loosePath, { headers: { Accept: 'application/json' } });
            assert.equal(one.status, 404, `after stop(): ${describe('GET', loosePath, one)}`);
            const apps = await fetchApps('/eureka/v2');
            assert.equal(findServed(apps, LOOSE.app, LOOSE.id), undefined, 'LOOSE still in GET /eureka/v2/apps after stop()');
            assert.equal(apps.apps__hashcode, '', 'empty registry hashcode');
        });

        await step('DELTA applies the DELETED records and ends up with an empty cache, error-free', async () => {
            await waitFor('DELTA to drop both instances', () => seesNot(delta, CANON) && seesNot(delta, LOOSE));
            for (const t of [CANON, LOOSE])
                assert.ok(deltaSeen.some((d) => d.app === t.app && d.id === t.id && d.actionType === 'DELETED'), `DELETED for ${t.app} in a delta`);
            assert.equal(deltaStats.fullFetches, 1, 'DELTA never fell back to a full fetch');
            assert.deepEqual(deltaStats.errors, [], 'errors while applying deltas');
            assert.ok(deltaStats.applied >= 5, `DELTA applied only ${deltaStats.applied} deltas`);
            await stopClient(delta);
        });

        await step('no client logged an unexpected warning or error', async () => {
            assert.deepEqual(unexpectedLog, [], 'unexpected client warnings/errors');
            for (const c of [canon, loose])
                assert.ok(c.count.heartbeat >= 6, `${c.tag}: only ${c.count.heartbeat} heartbeats`);
        });
    } finally {
        for (const c of clients) { // no timers left behind, whatever happened
            clearInterval(c.heartbeat);
            clearInterval(c.registryFetch);
        }
    }

    await step('the node shuts down cleanly on SIGTERM', async () => {
        const problem = await stopNode();
        assert.equal(problem, null, problem || '');
    });
}

// ------------------------------------------------------------------------------------------------

function tail(text, lines) {
    const all = text.split('\n');
    return all.slice(Math.max(0, all.length - lines)).join('\n');
}

async function run() {
    const overall = setTimeout(() => {
        console.error(`not ok - the whole test exceeded ${OVERALL_TIMEOUT_MS} ms`);
        if (node && !node.exited)
            node.child.kill('SIGKILL');
        process.exit(1);
    }, OVERALL_TIMEOUT_MS);
    overall.unref();

    const t0 = Date.now();
    let failed = null;
    try {
        await main();
    } catch (e) {
        failed = e;
    }
    const stopProblem = await stopNode().catch((e) => e.message);
    clearTimeout(overall);

    if (failed) {
        console.error(`\nnot ok ${failed.step || '- setup'}`);
        console.error(`  ${String(failed.message).replace(/\n/g, '\n  ')}`);
        if (failed.code === 'ERR_ASSERTION' && failed.actual !== undefined && !String(failed.message).includes('actual'))
            console.error(`  actual:   ${JSON.stringify(failed.actual)}\n  expected: ${JSON.stringify(failed.expected)}`);
        if (stopProblem)
            console.error(`  also: ${stopProblem}`);
        if (node) {
            console.error(`\n--- node: ${node.commandLine}`);
            console.error(`--- node stdout:\n${tail(node.stdout, 20)}`);
            console.error(`--- node stderr (last 40 lines):\n${tail(node.stderr, 40)}`);
        }
        console.error(`--- client log (last 40 lines):\n${clientLog.slice(-40).join('\n')}`);
        console.error(`\nFAILED after ${Date.now() - t0} ms`);
        process.exit(1);
    }
    console.log(`\nall ${results.length} steps passed in ${Date.now() - t0} ms`);
    process.exit(0);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
        if (node && !node.exited)
            node.child.kill('SIGKILL');
        process.exit(1);
    });
}
process.on('exit', () => { // last resort: never leave a node (or a temporary folder) behind
    if (node && !node.exited)
        node.child.kill('SIGKILL');
    for (const dir of [emptyCwd, node && node.home]) {
        if (dir)
            fs.rmSync(dir, { recursive: true, force: true });
    }
});

run();
