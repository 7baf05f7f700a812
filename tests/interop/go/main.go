// SPDX-License-Identifier: GPL-3.0-or-later

// scdriver drives go-chassis's Service-Center client (github.com/go-chassis/sc-client) against a
// registry for the interop tests. It reads one command per line on stdin and answers each with one
// JSON line on stdout, {"type":"reply","cmd":…,"ok":…,…}; watch events arrive as
// {"type":"event",…} lines whenever the registry pushes them.
//
//	scdriver -registry 127.0.0.1:PORT [-user ACCOUNT -password PASSWORD]
//
// Commands (arguments separated by spaces):
//
//	create APP NAME VERSION             RegisterService            → serviceId
//	exists APP NAME VERSION             GetMicroServiceID          → serviceId
//	get SERVICEID                       GetMicroService            → service
//	register SERVICEID HOST ENDPOINT    RegisterMicroServiceInstance (push health check, 1 s × 3) → instanceId
//	heartbeat SERVICEID INSTANCEID      Heartbeat
//	heartbeat-loop SERVICEID INSTANCEID MS   heartbeats every MS ms in the background, re-registering
//	                                    the instance (same id) when the registry no longer knows it
//	heartbeat-stats                     → ok and failed counts of the loops, re-registrations
//	ws-heartbeat SERVICEID INSTANCEID   WSHeartbeat: heartbeats as websocket pings (Service-Center 2.x),
//	                                    re-registering the instance when the registry closes with 4001
//	find CONSUMERID APP NAME            FindMicroServiceInstances with the client's revision → instances
//	                                    or notModified; revision is the client's revision afterwards
//	find-fresh CONSUMERID APP NAME      the same without the revision (WithoutRevision)
//	status SERVICEID INSTANCEID STATUS  UpdateMicroServiceInstanceStatus
//	deregister SERVICEID INSTANCEID     stops the instance's heartbeat loop, UnregisterMicroServiceInstance
//	watch CONSUMERID                    WatchMicroService; events follow as "event" lines
//	serve PORT APP                      serves GET /hello on 127.0.0.1:PORT answering {"app":APP,…}
//	call URL                            GET URL → status and body
//	quit
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-chassis/cari/discovery"
	"github.com/go-chassis/cari/rbac"
	sc "github.com/go-chassis/sc-client"
)

type driver struct {
	client *sc.Client
	out    *json.Encoder
	outMu  sync.Mutex

	loopMu      sync.Mutex
	loopOK      int
	loopFailed  int
	reregisters int
	instances   map[string]*discovery.MicroServiceInstance
	loops       map[string]chan struct{}
}

func (d *driver) emit(v map[string]any) {
	d.outMu.Lock()
	defer d.outMu.Unlock()
	_ = d.out.Encode(v)
}

func (d *driver) reply(cmd string, err error, fields map[string]any) {
	v := map[string]any{"type": "reply", "cmd": cmd, "ok": err == nil}
	if err != nil {
		v["error"] = err.Error()
	}
	for k, f := range fields {
		v[k] = f
	}
	d.emit(v)
}

func need(args []string, n int, usage string) error {
	if len(args) != n {
		return fmt.Errorf("usage: %s", usage)
	}
	return nil
}

func (d *driver) run(line string) bool {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return true
	}
	cmd, args := fields[0], fields[1:]
	switch cmd {
	case "quit":
		d.reply(cmd, nil, nil)
		return false
	case "create":
		if err := need(args, 3, "create APP NAME VERSION"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		id, err := d.client.RegisterService(&discovery.MicroService{AppId: args[0], ServiceName: args[1],
			Version: args[2], Level: "BACK", Status: sc.MicorserviceUp})
		d.reply(cmd, err, map[string]any{"serviceId": id})
	case "exists":
		if err := need(args, 3, "exists APP NAME VERSION"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		id, err := d.client.GetMicroServiceID(args[0], args[1], args[2], "")
		d.reply(cmd, err, map[string]any{"serviceId": id})
	case "get":
		if err := need(args, 1, "get SERVICEID"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		service, err := d.client.GetMicroService(args[0])
		d.reply(cmd, err, map[string]any{"service": service})
	case "register":
		if err := need(args, 3, "register SERVICEID HOST ENDPOINT"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		instance := &discovery.MicroServiceInstance{ServiceId: args[0], HostName: args[1],
			Endpoints: []string{args[2]}, Status: sc.MSInstanceUP,
			HealthCheck: &discovery.HealthCheck{Mode: sc.CheckByHeartbeat, Interval: 1, Times: 3}}
		id, err := d.client.RegisterMicroServiceInstance(instance)
		if err == nil {
			instance.InstanceId = id
			d.loopMu.Lock()
			d.instances[id] = instance
			d.loopMu.Unlock()
		}
		d.reply(cmd, err, map[string]any{"instanceId": id})
	case "heartbeat":
		if err := need(args, 2, "heartbeat SERVICEID INSTANCEID"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		_, err := d.client.Heartbeat(args[0], args[1])
		d.reply(cmd, err, nil)
	case "heartbeat-loop":
		if err := need(args, 3, "heartbeat-loop SERVICEID INSTANCEID MS"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		var ms int
		if _, err := fmt.Sscanf(args[2], "%d", &ms); err != nil || ms <= 0 {
			d.reply(cmd, errors.New("MS must be a positive number"), nil)
			break
		}
		stop := make(chan struct{})
		d.loopMu.Lock()
		if old, running := d.loops[args[1]]; running {
			close(old)
		}
		d.loops[args[1]] = stop
		d.loopMu.Unlock()
		go d.heartbeatLoop(args[0], args[1], time.Duration(ms)*time.Millisecond, stop)
		d.reply(cmd, nil, nil)
	case "ws-heartbeat":
		if err := need(args, 2, "ws-heartbeat SERVICEID INSTANCEID"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		instanceID := args[1]
		err := d.client.WSHeartbeat(args[0], instanceID, func() {
			d.loopMu.Lock()
			instance := d.instances[instanceID]
			d.loopMu.Unlock()
			if instance == nil {
				return
			}
			if _, regErr := d.client.RegisterMicroServiceInstance(instance); regErr == nil {
				d.loopMu.Lock()
				d.reregisters++
				d.loopMu.Unlock()
			}
		})
		d.reply(cmd, err, nil)
	case "heartbeat-stats":
		d.loopMu.Lock()
		stats := map[string]any{"okCount": d.loopOK, "failedCount": d.loopFailed, "reregisters": d.reregisters}
		d.loopMu.Unlock()
		d.reply(cmd, nil, stats)
	case "find", "find-fresh":
		if err := need(args, 3, cmd+" CONSUMERID APP NAME"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		var opts []sc.CallOption
		if cmd == "find-fresh" {
			opts = append(opts, sc.WithoutRevision())
		}
		// go-chassis asks for every version the way its registry plugin does.
		instances, err := d.client.FindMicroServiceInstances(args[0], args[1], args[2], "0+", opts...)
		if errors.Is(err, sc.ErrNotModified) {
			d.reply(cmd, nil, map[string]any{"notModified": true})
			break
		}
		if instances == nil {
			instances = []*discovery.MicroServiceInstance{}
		}
		d.reply(cmd, err, map[string]any{"instances": instances, "notModified": false})
	case "status":
		if err := need(args, 3, "status SERVICEID INSTANCEID STATUS"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		_, err := d.client.UpdateMicroServiceInstanceStatus(args[0], args[1], args[2])
		d.reply(cmd, err, nil)
	case "deregister":
		if err := need(args, 2, "deregister SERVICEID INSTANCEID"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		// A service that leaves stops heartbeating first.
		d.loopMu.Lock()
		if stop, running := d.loops[args[1]]; running {
			close(stop)
			delete(d.loops, args[1])
		}
		delete(d.instances, args[1])
		d.loopMu.Unlock()
		_, err := d.client.UnregisterMicroServiceInstance(args[0], args[1])
		d.reply(cmd, err, nil)
	case "watch":
		if err := need(args, 1, "watch CONSUMERID"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		err := d.client.WatchMicroService(args[0], func(e *sc.MicroServiceInstanceChangedEvent) {
			d.emit(map[string]any{"type": "event", "action": e.Action, "key": e.Key, "instance": e.Instance})
		})
		d.reply(cmd, err, nil)
	case "serve":
		if err := need(args, 2, "serve PORT APP"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		d.reply(cmd, serve(args[0], args[1]), nil)
	case "call":
		if err := need(args, 1, "call URL"); err != nil {
			d.reply(cmd, err, nil)
			break
		}
		status, body, err := call(args[0])
		d.reply(cmd, err, map[string]any{"status": status, "body": body})
	default:
		d.reply(cmd, fmt.Errorf("unknown command %q", cmd), nil)
	}
	return true
}

// heartbeatLoop is what a go-chassis service does after registering: a heartbeat every interval,
// and when the registry answers that it does not know the instance (400017), the instance is
// registered again with the same id.
func (d *driver) heartbeatLoop(serviceID, instanceID string, interval time.Duration, stop <-chan struct{}) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ticker.C:
		}
		_, err := d.client.Heartbeat(serviceID, instanceID)
		d.loopMu.Lock()
		if err == nil {
			d.loopOK++
		} else {
			d.loopFailed++
		}
		instance := d.instances[instanceID]
		d.loopMu.Unlock()
		if err != nil && instance != nil && strings.Contains(err.Error(), "400017") {
			if _, regErr := d.client.RegisterMicroServiceInstance(instance); regErr == nil {
				d.loopMu.Lock()
				d.reregisters++
				d.loopMu.Unlock()
			}
		}
	}
}

func serve(port, app string) error {
	listener, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"app": app, "instanceId": "go-" + port})
	})
	go func() { _ = http.Serve(listener, mux) }()
	return nil
}

func call(url string) (int, string, error) {
	client := http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

func main() {
	registry := flag.String("registry", "127.0.0.1:30100", "the registry's host:port")
	user := flag.String("user", "", "log in at POST /v4/token as this account and send its token")
	password := flag.String("password", "", "the account's password")
	flag.Parse()
	options := sc.Options{Endpoints: []string{*registry}, Timeout: 5 * time.Second}
	if *user != "" {
		options.EnableAuth = true
		options.AuthUser = &rbac.AuthUser{Username: *user, Password: *password}
	}
	client, err := sc.NewClient(options)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scdriver:", err)
		os.Exit(1)
	}
	d := &driver{client: client, out: json.NewEncoder(os.Stdout),
		instances: map[string]*discovery.MicroServiceInstance{}, loops: map[string]chan struct{}{}}
	d.emit(map[string]any{"type": "ready"})
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		if !d.run(scanner.Text()) {
			break
		}
	}
	_ = client.Close()
}
