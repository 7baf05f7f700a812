<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommandLine</name>
    <message>
        <source>Run the registry node without a window.</source>
        <translation>不打开窗口，只运行注册中心节点。</translation>
    </message>
    <message>
        <source>Read settings from the INI &lt;file&gt;; options given here win.</source>
        <translation>从 INI 文件 &lt;file&gt; 读取设置；命令行选项优先。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Listen on &lt;port&gt; (default 8761; 0 picks a free port).</source>
        <translation>在端口 &lt;port&gt; 上监听（默认 8761；0 表示任选空闲端口）。</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Listen on &lt;address&gt; (default 127.0.0.1).</source>
        <translation>在地址 &lt;address&gt; 上监听（默认 127.0.0.1）。</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Name the node (default muster).</source>
        <translation>节点名称（默认 muster）。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Lease duration in seconds for instances that do not set one (default 90).</source>
        <translation>未指定租约时长的实例所用的租约时长，单位秒（默认 90）。</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Seconds between eviction passes (default 60).</source>
        <translation>两次剔除检查之间的秒数（默认 60）。</translation>
    </message>
    <message>
        <source>Self-preservation on or off (default on).</source>
        <translation>自我保护模式开启或关闭（默认开启）。</translation>
    </message>
    <message>
        <source>on|off</source>
        <translation>on|off</translation>
    </message>
    <message>
        <source>Share of expected renewals below which self-preservation holds leases (default 0.85).</source>
        <translation>续约数低于预期续约数的这一比例时，自我保护模式保留租约（默认 0.85）。</translation>
    </message>
    <message>
        <source>factor</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Seconds a change stays in the delta (default 180).</source>
        <translation>变更在增量数据中保留的秒数（默认 180）。</translation>
    </message>
    <message>
        <source>Muster: a service registry that speaks Eureka, with a desktop console.</source>
        <translation>Muster：兼容 Eureka 的服务注册中心，附带桌面控制台。</translation>
    </message>
    <message>
        <source>--config: cannot read %1</source>
        <translation>--config：无法读取 %1</translation>
    </message>
    <message>
        <source>--config: %1 is not a valid INI file</source>
        <translation>--config：%1 不是有效的 INI 文件</translation>
    </message>
    <message>
        <source>--port: &apos;%1&apos; is not a port number from 0 to 65535</source>
        <translation>--port：“%1”不是 0 到 65535 之间的端口号</translation>
    </message>
    <message>
        <source>--bind: &apos;%1&apos; is not an IP address</source>
        <translation>--bind：“%1”不是 IP 地址</translation>
    </message>
    <message>
        <source>--name: the name must not be empty</source>
        <translation>--name：名称不能为空</translation>
    </message>
    <message>
        <source>--lease-duration: &apos;%1&apos; is not a positive number of seconds</source>
        <translation>--lease-duration：“%1”不是正的秒数</translation>
    </message>
    <message>
        <source>--eviction-interval: &apos;%1&apos; is not a positive number of seconds</source>
        <translation>--eviction-interval：“%1”不是正的秒数</translation>
    </message>
    <message>
        <source>--delta-retention: &apos;%1&apos; is not a positive number of seconds</source>
        <translation>--delta-retention：“%1”不是正的秒数</translation>
    </message>
    <message>
        <source>--self-preservation: &apos;%1&apos; is not on or off</source>
        <translation>--self-preservation：“%1”不是 on 或 off</translation>
    </message>
    <message>
        <source>--renewal-threshold: &apos;%1&apos; is not a number above 0 and at most 1</source>
        <translation>--renewal-threshold：“%1”不是大于 0 且不超过 1 的数</translation>
    </message>
    <message>
        <source>Replicate to the node at the Eureka service &lt;url&gt;, e.g. http://127.0.0.1:8762/eureka/ (repeatable).</source>
        <translation>复制到 Eureka 服务地址 &lt;url&gt; 上的节点，例如 http://127.0.0.1:8762/eureka/（可重复指定）。</translation>
    </message>
    <message>
        <source>url</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>--peer: &apos;%1&apos; is not an http URL with a host and a port</source>
        <translation>--peer：“%1”不是带主机和端口的 http 地址</translation>
    </message>
    <message>
        <source>Run &lt;count&gt; fully meshed nodes in this process on consecutive ports (default 1).</source>
        <translation>在本进程中运行 &lt;count&gt; 个全互联的节点，端口依次递增（默认 1）。</translation>
    </message>
    <message>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>--nodes: &apos;%1&apos; is not a number of nodes from 1 to 64</source>
        <translation>--nodes：“%1”不是 1 到 64 之间的节点数</translation>
    </message>
    <message>
        <source>Register the node with its peers as app MUSTER, as Eureka servers do (default on).</source>
        <translation>像 Eureka 服务器那样，把本节点作为应用 MUSTER 注册到各个对等节点（默认开启）。</translation>
    </message>
    <message>
        <source>--register-with-peers: &apos;%1&apos; is not on or off</source>
        <translation>--register-with-peers：“%1”不是 on 或 off</translation>
    </message>
    <message>
        <source>Keep the state in memory (default) or in etcd 3.4+: etcd://host:2379[,host2:2379,...]; nodes over one etcd share one registry.</source>
        <translation>将状态保存在内存中（默认）或 etcd 3.4 及以上版本中：etcd://host:2379[,host2:2379,...]；使用同一个 etcd 的节点共享同一个注册表。</translation>
    </message>
    <message>
        <source>store</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>The etcd key prefix for the state (default /muster/).</source>
        <translation>状态在 etcd 中使用的键前缀（默认 /muster/）。</translation>
    </message>
    <message>
        <source>prefix</source>
        <translation>前缀</translation>
    </message>
    <message>
        <source>--peer: nodes that keep their state in etcd share it there and replicate to no peer; leave out --peer or --store</source>
        <translation>--peer：将状态保存在 etcd 中的节点通过 etcd 共享状态，不向任何对等节点复制；请去掉 --peer 或 --store</translation>
    </message>
    <message>
        <source>--store: &apos;%1&apos; is neither memory nor etcd://host:port[,host:port...]</source>
        <translation>--store：“%1”既不是 memory，也不是 etcd://host:port[,host:port...]</translation>
    </message>
    <message>
        <source>--store: &apos;%1&apos; names no etcd endpoint</source>
        <translation>--store：“%1”没有指定任何 etcd 端点</translation>
    </message>
    <message>
        <source>--store: &apos;%1&apos; is not an etcd endpoint host:port</source>
        <translation>--store：“%1”不是 host:port 形式的 etcd 端点</translation>
    </message>
    <message>
        <source>--store: &apos;%1&apos; has no port number from 1 to 65535</source>
        <translation>--store：“%1”的端口号不在 1 到 65535 之间</translation>
    </message>
    <message>
        <source>--etcd-prefix: the prefix must not be empty</source>
        <translation>--etcd-prefix：前缀不能为空</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>muster: node %1 listening on http://%2:%3/eureka/</source>
        <translation>muster: 节点 %1 正在监听 http://%2:%3/eureka/</translation>
    </message>
    <message>
        <source>muster: %1</source>
        <translation>muster: %1</translation>
    </message>
    <message>
        <source>muster: this build has no console yet; running the node headless.</source>
        <translation>muster: 此版本尚无控制台；以无界面方式运行节点。</translation>
    </message>
</context>
</TS>
