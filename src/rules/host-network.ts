/**
 * BW-0015 host-network: Host network namespace shared (CIS 5.10, R-M, R-A).
 */
import { defineRule } from './types.js';
import { hostNamespaceCheck } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0015',
    slug: 'host-network',
    title: 'Host network namespace shared',
    severity: 'high',
    attackClasses: ['R-M', 'R-A'],
    requirements: ['R-M', 'R-A'],
    cis: { '1.6.0': ['5.10'] },
    paper: '§IV.6, §IV.7, §V.2.2',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "With the host network the container shares the host's interfaces: it can sniff and spoof host traffic (with NET_RAW), reach services that listen only on localhost (the Docker API on tcp://127.0.0.1, databases) and bypasses the bridge's isolation and firewall rules.",
    remediation: { kubernetes: 'hostNetwork: false   # pod spec (or remove the key); expose ports through a Service', compose: "network_mode: host   # remove; publish the ports needed:\nports: [\"127.0.0.1:8080:80\"]", run: "remove --network host; publish the ports needed: -p 127.0.0.1:8080:80", service: 'remove --network host; attach an overlay network and publish the ports needed: --network app-net --publish 8080:80' },
    breaks: "Software that discovers the host network (DHCP servers, mDNS, network monitors) or needs many dynamic ports stops working.",
    fix: 'unsafe',
  },
  checkContainer: hostNamespaceCheck('network', 'network', "the container sees and can sniff every host interface, reaches services bound to localhost and bypasses Docker's network isolation"),
});
