<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountCommand</name>
    <message>
        <source>Password: </source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Password again: </source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>Manage the accounts of a node: add NAME --role ROLE (the password is read from standard input or asked for), list, or remove NAME. Roles: viewer, client, operator, admin.</source>
        <translation>管理节点的账户：add NAME --role ROLE（密码从标准输入读取或提示输入）、list，或 remove NAME。角色：viewer、client、operator、admin。</translation>
    </message>
    <message>
        <source>The node&apos;s data directory (default %1).</source>
        <translation>节点的数据目录（默认 %1）。</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>The new account&apos;s role: viewer, client, operator or admin.</source>
        <translation>新账户的角色：viewer、client、operator 或 admin。</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>add, list or remove</source>
        <translation>add、list 或 remove</translation>
    </message>
    <message>
        <source>The account&apos;s name (add, remove).</source>
        <translation>账户名（add、remove）。</translation>
    </message>
    <message>
        <source>muster account: %1</source>
        <translation>muster account：%1</translation>
    </message>
    <message>
        <source>Removed the account %1 from %2.</source>
        <translation>已从 %2 删除账户 %1。</translation>
    </message>
    <message>
        <source>muster account: --role: &apos;%1&apos; is not viewer, client, operator or admin</source>
        <translation>muster account：--role：“%1”不是 viewer、client、operator 或 admin</translation>
    </message>
    <message>
        <source>muster account: the two passwords differ</source>
        <translation>muster account：两次输入的密码不一致</translation>
    </message>
    <message>
        <source>Added the account %1 (%2) to %3.</source>
        <translation>已将账户 %1（%2）添加到 %3。</translation>
    </message>
    <message>
        <source>muster account: say add NAME --role ROLE, list, or remove NAME (see muster account --help)</source>
        <translation>muster account：请使用 add NAME --role ROLE、list 或 remove NAME（参见 muster account --help）</translation>
    </message>
    <message>
        <source>The accounts of the nodes over this etcd, etcd://host:2379[,host2:2379,...], instead of a data directory&apos;s.</source>
        <translation>使用此 etcd 上各节点共享的账户（etcd://host:2379[,host2:2379,...]），而不是数据目录中的账户。</translation>
    </message>
    <message>
        <source>store</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>The etcd key prefix of the nodes (default /muster/).</source>
        <translation>各节点使用的 etcd 键前缀（默认 /muster/）。</translation>
    </message>
    <message>
        <source>prefix</source>
        <translation>前缀</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>&amp;Remove…</source>
        <translation>移除(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Add account</source>
        <translation>添加账户(&amp;A)</translation>
    </message>
    <message>
        <source>Accounts of %1</source>
        <translation>%1 的账户</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>角色(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Con&amp;firm:</source>
        <translation>确认(&amp;F)：</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>新账户</translation>
    </message>
    <message>
        <source>viewer — reads</source>
        <translation>viewer — 只读</translation>
    </message>
    <message>
        <source>client — registers and changes its own instances</source>
        <translation>client — 注册并修改自己的实例</translation>
    </message>
    <message>
        <source>operator — changes any instance, pinned entries</source>
        <translation>operator — 修改任何实例和固定条目</translation>
    </message>
    <message>
        <source>admin — accounts, peers and bridges too</source>
        <translation>admin — 还可管理账户、对等节点和桥接</translation>
    </message>
    <message>
        <source>Give the account a name.</source>
        <translation>请为账户起一个名称。</translation>
    </message>
    <message>
        <source>A name has 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, and starts with a letter or digit.</source>
        <translation>名称由 1 到 64 个字母、数字、“.”、“_”或“-”组成，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>There is an account named %1 already.</source>
        <translation>已有名为 %1 的账户。</translation>
    </message>
    <message>
        <source>Type a password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>The password is longer than %1 bytes.</source>
        <translation>密码超过 %1 字节。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Reading the accounts…</source>
        <translation>正在读取账户…</translation>
    </message>
    <message>
        <source>The accounts cannot be read: %1</source>
        <translation>无法读取账户：%1</translation>
    </message>
    <message>
        <source>They are kept in %1.</source>
        <translation>账户保存在 %1 中。</translation>
    </message>
    <message>
        <source>This node requires authentication: clients and the console sign in with these accounts. %1</source>
        <translation>此节点要求身份验证：客户端和控制台使用这些账户登录。%1</translation>
    </message>
    <message>
        <source>Authentication is off for this node, so anyone who reaches it may read and change it. These accounts take effect when it is started with authentication required (--auth required). %1</source>
        <translation>此节点未启用身份验证，任何能访问它的人都可以读取和修改它。以要求身份验证的方式（--auth required）启动后，这些账户才会生效。%1</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>正在添加 %1…</translation>
    </message>
    <message>
        <source>Add the account %1</source>
        <translation>添加账户 %1</translation>
    </message>
    <message>
        <source>Remove the account %1</source>
        <translation>移除账户 %1</translation>
    </message>
    <message>
        <source>Remove the account %1? Clients signing in with it are refused from now on.</source>
        <translation>移除账户 %1？此后使用它登录的客户端将被拒绝。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Removing %1…</source>
        <translation>正在移除 %1…</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
</context>
<context>
    <name>BridgeDialog</name>
    <message>
        <source>Add a bridge to %1</source>
        <translation>为 %1 添加桥接</translation>
    </message>
    <message>
        <source>The node reads the external registry and mirrors its instances here, where they are read-only, and registers its own instances there. If the external registry stops answering, its entries stay for a grace period.</source>
        <translation>节点会读取外部注册中心，把其中的实例镜像到这里（在这里只读），并把自己的实例注册到那里。外部注册中心不再应答时，它的条目会在宽限期内保留。</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>URL(&amp;U)：</translation>
    </message>
    <message>
        <source>Add bridge</source>
        <translation>添加桥接</translation>
    </message>
    <message>
        <source>e.g. http://eureka.example:8761/eureka/</source>
        <translation>例如 http://eureka.example:8761/eureka/</translation>
    </message>
    <message>
        <source>e.g. http://servicecenter.example:30100</source>
        <translation>例如 http://servicecenter.example:30100</translation>
    </message>
    <message>
        <source>The Eureka server&apos;s service URL, as its clients use it.</source>
        <translation>Eureka 服务器的服务 URL，与其客户端使用的相同。</translation>
    </message>
    <message>
        <source>The Service-Center&apos;s root: scheme, host and port.</source>
        <translation>Service-Center 的根地址：协议、主机和端口。</translation>
    </message>
    <message>
        <source>Enter the external registry&apos;s URL.</source>
        <translation>请输入外部注册中心的 URL。</translation>
    </message>
    <message>
        <source>A Service-Center is named by its root, e.g. http://host:30100: leave out the path %1.</source>
        <translation>Service-Center 以其根地址表示，例如 http://host:30100：请去掉路径 %1。</translation>
    </message>
    <message>
        <source>That is this node&apos;s own address: a bridge links the node to another registry.</source>
        <translation>这是本节点自己的地址：桥接用于把节点连到另一个注册中心。</translation>
    </message>
    <message>
        <source>The node has a bridge to this registry already.</source>
        <translation>该节点已经桥接到这个注册中心。</translation>
    </message>
</context>
<context>
    <name>BridgeTexts</name>
    <message>
        <source>Eureka server</source>
        <translation>Eureka 服务器</translation>
    </message>
    <message>
        <source>Service-Center</source>
        <translation>Service-Center</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>syncing</source>
        <translation>正在同步</translation>
    </message>
    <message>
        <source>in sync</source>
        <translation>已同步</translation>
    </message>
    <message>
        <source>cut off</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>↓ %1 ↑ %2</source>
        <translation>↓ %1 ↑ %2</translation>
    </message>
    <message>
        <source>Bridge to the %1 at %2: %3</source>
        <translation>到 %2 上 %1 的桥接：%3</translation>
    </message>
    <message>
        <source>Pulled: %1 entries mirrored from there</source>
        <translation>拉取：从那里镜像了 %1 个条目</translation>
    </message>
    <message>
        <source>Pushed: %1 of this node&apos;s entries registered there</source>
        <translation>推送：本节点有 %1 个条目注册在那里</translation>
    </message>
    <message>
        <source>Queued: %1 pushes waiting, the oldest for %2 ms</source>
        <translation>排队：%1 个推送在等待，最早的已等待 %2 毫秒</translation>
    </message>
    <message>
        <source>Last read that worked: %1</source>
        <translation>最近一次成功读取：%1</translation>
    </message>
    <message>
        <source>No read has worked yet</source>
        <translation>尚无成功的读取</translation>
    </message>
    <message numerus="yes">
        <source>Cut off since %1; the pulled entries leave at %2 (in %n s) unless it answers again</source>
        <translation>
            <numerusform>自 %1 起已断开；除非它重新应答，拉取的条目将于 %2（%n 秒后）移除</numerusform>
        </translation>
    </message>
    <message>
        <source>Last error (%1): %2</source>
        <translation>最近的错误（%1）：%2</translation>
    </message>
    <message>
        <source>Mirrored by a bridge from the external registry at %1. That registry owns it: deregister it or change its metadata there. A status override here stays on this node.</source>
        <translation>由桥接从位于 %1 的外部注册中心镜像而来。该条目属于那个注册中心：请在那里注销它或修改其元数据。在这里设置的覆盖状态只保留在本节点。</translation>
    </message>
</context>
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
        <source>dir</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>--data-dir: no directory given, and this system names no application data location</source>
        <translation>--data-dir：未指定目录，且本系统没有应用程序数据位置</translation>
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
    <message>
        <source>Sync both ways with an external registry: eureka=http://host:8761/eureka/ or servicecomb=http://host:30100 (repeatable).</source>
        <translation>与外部注册中心双向同步：eureka=http://host:8761/eureka/ 或 servicecomb=http://host:30100（可重复）。</translation>
    </message>
    <message>
        <source>kind=url</source>
        <translation>类型=url</translation>
    </message>
    <message>
        <source>Seconds that entries pulled from an unreachable external registry stay (default 90).</source>
        <translation>从无法访问的外部注册中心拉取的条目保留的秒数（默认 90）。</translation>
    </message>
    <message>
        <source>Milliseconds between reads of each external registry (default 1000).</source>
        <translation>每个外部注册中心两次读取之间的毫秒数（默认 1000）。</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>--bridge: &apos;%1&apos; is not kind=url with kind eureka or servicecomb and an http(s) URL</source>
        <translation>--bridge：&apos;%1&apos; 不是 类型=url 的形式（类型为 eureka 或 servicecomb，URL 为 http(s) 地址）</translation>
    </message>
    <message>
        <source>--bridge-grace: not a positive number of seconds</source>
        <translation>--bridge-grace：不是正的秒数</translation>
    </message>
    <message>
        <source>--bridge-interval: not a number of milliseconds of at least 100</source>
        <translation>--bridge-interval：不是至少为 100 的毫秒数</translation>
    </message>
    <message>
        <source>Keep pinned instances and hand-made services in &lt;dir&gt; (default %1/&lt;name&gt;-&lt;port&gt;, one per node; with --nodes, one sub-directory per node; unused with --store etcd://, where etcd keeps them).</source>
        <translation>将固定实例和手工创建的服务保存在 &lt;dir&gt; 中（默认 %1/&lt;name&gt;-&lt;port&gt;，每个节点一个；使用 --nodes 时每个节点一个子目录；使用 --store etcd:// 时不用，由 etcd 保存）。</translation>
    </message>
    <message>
        <source>--data-dir: no directory given</source>
        <translation>--data-dir：未给出目录</translation>
    </message>
    <message>
        <source>Count requests and serve them at /metrics in Prometheus&apos; format (default on).</source>
        <translation>统计请求并以 Prometheus 格式在 /metrics 提供（默认 on）。</translation>
    </message>
    <message>
        <source>Write the log to stderr as text or as JSON lines (default text).</source>
        <translation>将日志以文本或 JSON 行写到 stderr（默认 text）。</translation>
    </message>
    <message>
        <source>text|json</source>
        <translation>text|json</translation>
    </message>
    <message>
        <source>Log at this level and above: debug (one line per request), info (one line per write), warning or error (default info).</source>
        <translation>记录此级别及以上的日志：debug（每个请求一行）、info（每次写入一行）、warning 或 error（默认 info）。</translation>
    </message>
    <message>
        <source>level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>--metrics: &apos;%1&apos; is not on or off</source>
        <translation>--metrics：“%1”不是 on 或 off</translation>
    </message>
    <message>
        <source>--log-format: &apos;%1&apos; is neither text nor json</source>
        <translation>--log-format：“%1”既不是 text 也不是 json</translation>
    </message>
    <message>
        <source>--log-level: &apos;%1&apos; is not one of debug, info, warning, error</source>
        <translation>--log-level：“%1”不是 debug、info、warning、error 之一</translation>
    </message>
    <message>
        <source>Keep the registry&apos;s history for this long and up to this size, e.g. 7d,1GB (default 7d,1GB; off: keep none). It lives in the data directory.</source>
        <translation>保留注册表历史的时长和大小上限，例如 7d,1GB（默认 7d,1GB；off：不保留）。历史保存在数据目录中。</translation>
    </message>
    <message>
        <source>age,size</source>
        <translation>时长,大小</translation>
    </message>
    <message>
        <source>Play a history export (File &gt; Export history...) into the node once it starts.</source>
        <translation>节点启动后回放一份历史导出文件（文件 &gt; 导出历史...）。</translation>
    </message>
    <message>
        <source>Play --replay at this many times the recorded pace (default 1).</source>
        <translation>以录制节奏的该倍数回放 --replay（默认 1）。</translation>
    </message>
    <message>
        <source>--history-retention: &apos;%1&apos; is not an age such as 7d and/or a size such as 1GB, or off</source>
        <translation>--history-retention：&apos;%1&apos; 不是 7d 这样的时长和/或 1GB 这样的大小，也不是 off</translation>
    </message>
    <message>
        <source>--speed: &apos;%1&apos; is not a number above 0 and at most 10000</source>
        <translation>--speed：&apos;%1&apos; 不是大于 0 且不超过 10000 的数</translation>
    </message>
    <message>
        <source>Require accounts (see `muster account`) for every request but health checks, or not: required|off (default off when listening on loopback only, required otherwise).</source>
        <translation>除健康检查外，每个请求是否都要求账户（参见 `muster account`）：required|off（仅监听回环地址时默认 off，否则默认 required）。</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Let a node that listens beyond loopback run without authentication (no accounts, or --auth off); it says so loudly in the log.</source>
        <translation>允许监听回环以外地址的节点不经身份验证运行（没有账户，或 --auth off）；节点会在日志中醒目地说明。</translation>
    </message>
    <message>
        <source>--auth: &apos;%1&apos; is neither required nor off</source>
        <translation>--auth：“%1”既不是 required 也不是 off</translation>
    </message>
    <message>
        <source>Serve HTTPS on the port with the PEM certificate (chain) in &lt;file&gt;; needs --tls-key.</source>
        <translation>以 &lt;file&gt; 中的 PEM 证书（链）在该端口上提供 HTTPS；需要同时给出 --tls-key。</translation>
    </message>
    <message>
        <source>The PEM private key of --tls-cert (RSA or EC, not encrypted).</source>
        <translation>--tls-cert 证书的 PEM 私钥（RSA 或 EC，不加密）。</translation>
    </message>
    <message>
        <source>Trust the PEM CA certificates in &lt;file&gt;, beside the system&apos;s, when calling peers and bridges over https.</source>
        <translation>通过 https 访问对等节点和桥接时，除系统的 CA 外，还信任 &lt;file&gt; 中的 PEM CA 证书。</translation>
    </message>
    <message>
        <source>--peer: &apos;%1&apos; is not an http(s) URL with a host and a port</source>
        <translation>--peer：“%1”不是带主机和端口的 http(s) 地址</translation>
    </message>
    <message>
        <source>--tls-cert and --tls-key: give both, or neither</source>
        <translation>--tls-cert 和 --tls-key：要么都给出，要么都不给</translation>
    </message>
    <message>
        <source>--tls: cannot read %1</source>
        <translation>--tls：无法读取 %1</translation>
    </message>
    <message>
        <source>Run the gateway, a reverse proxy by service name, on &lt;port&gt; (default off; 0 picks a free port): http://host:port/{service}/{path} goes to an UP instance.</source>
        <translation>在 &lt;port&gt; 上运行网关，即按服务名转发的反向代理（默认关闭；0 表示任选空闲端口）：http://host:port/{service}/{path} 转发到一个 UP 实例。</translation>
    </message>
    <message>
        <source>The gateway&apos;s own zone: instances in it are preferred when instances carry a zone.</source>
        <translation>网关自身所在的区域：实例带有区域时，优先选择此区域中的实例。</translation>
    </message>
    <message>
        <source>zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>--gateway-port: &apos;%1&apos; is not a port number from 0 to 65535</source>
        <translation>--gateway-port：“%1”不是 0 到 65535 之间的端口号</translation>
    </message>
</context>
<context>
    <name>CommandMessages</name>
    <message>
        <source>The node is not running.</source>
        <translation>节点未在运行。</translation>
    </message>
    <message>
        <source>The console is not connected to this registry (yet).</source>
        <translation>控制台（尚）未连接到该注册中心。</translation>
    </message>
    <message>
        <source>The registry did not answer (%1).</source>
        <translation>注册中心没有应答（%1）。</translation>
    </message>
    <message>
        <source>The registry refused it: %1</source>
        <translation>注册中心拒绝了该操作：%1</translation>
    </message>
    <message>
        <source>The instance is not registered (any more).</source>
        <translation>该实例未注册（或已不再注册）。</translation>
    </message>
    <message>
        <source>The service does not exist (any more).</source>
        <translation>该服务不存在（或已不存在）。</translation>
    </message>
    <message>
        <source>Another service has the same id or the same key.</source>
        <translation>另一个服务具有相同的 ID 或相同的键。</translation>
    </message>
    <message>
        <source>The service still has instances.</source>
        <translation>该服务仍有实例。</translation>
    </message>
    <message>
        <source>Other services depend on this service.</source>
        <translation>其他服务依赖于该服务。</translation>
    </message>
    <message>
        <source>The change is made, but it could not be saved, so it would not survive a restart (%1).</source>
        <translation>更改已生效，但无法保存，因此重启后不会保留（%1）。</translation>
    </message>
    <message>
        <source>These nodes cannot be peers: peers are two different running nodes.</source>
        <translation>这些节点不能成为对等节点：对等节点必须是两个不同的、正在运行的节点。</translation>
    </message>
    <message>
        <source>The nodes are not peers.</source>
        <translation>这些节点不是对等节点。</translation>
    </message>
    <message>
        <source>This registry does not offer that command.</source>
        <translation>该注册中心不提供此命令。</translation>
    </message>
    <message>
        <source>It did not work (%1).</source>
        <translation>操作未成功（%1）。</translation>
    </message>
    <message>
        <source>The store did not take the change, so nothing changed (%1).</source>
        <translation>存储未接受该更改，因此没有任何改变（%1）。</translation>
    </message>
    <message>
        <source>The node cannot bridge to that registry: the URL must be another registry&apos;s http(s) address, not the node itself, and not one it bridges to already (%1).</source>
        <translation>该节点无法桥接到这个注册中心：URL 必须是另一个注册中心的 http(s) 地址，不能是节点自身，也不能是已经桥接的注册中心（%1）。</translation>
    </message>
    <message>
        <source>The node has no bridge to that registry (any more).</source>
        <translation>该节点没有（或已不再有）到这个注册中心的桥接。</translation>
    </message>
    <message>
        <source>The gateway cannot listen on that port: it is in use or not allowed (%1).</source>
        <translation>网关无法在该端口上监听：端口已被占用或不被允许（%1）。</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to a registry</source>
        <translation>连接到注册中心</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>URL(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>e.g. http://eureka.example:8761/eureka/ or a Service-Center at http://host:30100</source>
        <translation>例如 http://eureka.example:8761/eureka/，或位于 http://host:30100 的 Service-Center</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Enter the registry&apos;s URL.</source>
        <translation>请输入注册中心的 URL。</translation>
    </message>
    <message>
        <source>Eureka</source>
        <translation>Eureka</translation>
    </message>
    <message>
        <source>Service-Center</source>
        <translation>Service-Center</translation>
    </message>
    <message>
        <source>Muster</source>
        <translation>Muster</translation>
    </message>
    <message>
        <source>detecting…</source>
        <translation>检测中…</translation>
    </message>
    <message>
        <source>the system&apos;s CAs</source>
        <translation>系统的 CA</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>CA &amp;certificate:</source>
        <translation>CA 证书(&amp;C)：</translation>
    </message>
    <message>
        <source>This file cannot be read or holds no PEM certificate.</source>
        <translation>此文件无法读取，或其中没有 PEM 证书。</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Remember the password in the keyring</source>
        <translation>在密钥环中记住密码(&amp;R)</translation>
    </message>
    <message>
        <source>none: the registry is open</source>
        <translation>无：该注册中心是开放的</translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation>用户(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>The password remembered in the keyring is filled in.</source>
        <translation>已填入密钥环中记住的密码。</translation>
    </message>
    <message>
        <source>The password remembered in %1 is filled in.</source>
        <translation>已填入 %1 中记住的密码。</translation>
    </message>
</context>
<context>
    <name>CredentialStore</name>
    <message>
        <source>No keyring could keep the password (%1), so it is kept in %2, which only you may read.</source>
        <translation>没有可保存密码的密钥环（%1），因此密码保存在只有您能读取的 %2 中。</translation>
    </message>
    <message>
        <source>the keyring is not used here</source>
        <translation>此处不使用密钥环</translation>
    </message>
    <message>
        <source>The keyring did not keep the password: %1</source>
        <translation>密钥环未能保存密码：%1</translation>
    </message>
    <message>
        <source>The password could not be kept in %1: %2</source>
        <translation>无法将密码保存在 %1 中：%2</translation>
    </message>
</context>
<context>
    <name>DivergenceDialog</name>
    <message>
        <source>Divergence of %1 and %2</source>
        <translation>%1 与 %2 的分歧</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>How they differ</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>One of the nodes is gone.</source>
        <translation>其中一个节点已不存在。</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在比较…</translation>
    </message>
    <message>
        <source>Only two nodes of this console can be compared.</source>
        <translation>只能比较本控制台中的两个节点。</translation>
    </message>
    <message>
        <source>only on %1</source>
        <translation>仅在 %1 上</translation>
    </message>
    <message>
        <source>differs in %1</source>
        <translation>%1 不同</translation>
    </message>
    <message>
        <source>%1 and %2 agree on every instance.</source>
        <translation>%1 与 %2 的所有实例一致。</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %2 disagree on %n instance(s).</source>
        <translation>
            <numerusform>%1 与 %2 在 %n 个实例上不一致。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <source> (from a peer)</source>
        <translation>（来自对等节点）</translation>
    </message>
    <message>
        <source>registered as %1 at %2</source>
        <translation>已注册，状态 %1，地址 %2</translation>
    </message>
    <message>
        <source>deregistered</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>lease expired: no heartbeat since %1</source>
        <translation>租约已过期：自 %1 起没有心跳</translation>
    </message>
    <message>
        <source>status overridden to %1</source>
        <translation>状态被覆盖为 %1</translation>
    </message>
    <message>
        <source>status is now %1</source>
        <translation>状态现在为 %1</translation>
    </message>
    <message>
        <source>override removed; status %1</source>
        <translation>已移除覆盖状态；状态 %1</translation>
    </message>
    <message>
        <source>metadata changed</source>
        <translation>元数据已更改</translation>
    </message>
    <message>
        <source>service created</source>
        <translation>服务已创建</translation>
    </message>
    <message>
        <source>service updated</source>
        <translation>服务已更新</translation>
    </message>
    <message>
        <source>service deleted</source>
        <translation>服务已删除</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Replication</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对等节点</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>注册中心</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>桥接</translation>
    </message>
    <message>
        <source>health check failing; status %1</source>
        <translation>健康检查失败；状态 %1</translation>
    </message>
    <message>
        <source>health check passing; status %1</source>
        <translation>健康检查通过；状态 %1</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <source> — by %1 from %2</source>
        <translation> — 由 %1 从 %2 发起</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <source>All registries</source>
        <translation>全部注册中心</translation>
    </message>
    <message>
        <source>Filter events…</source>
        <translation>筛选事件…</translation>
    </message>
</context>
<context>
    <name>FormCheck</name>
    <message>
        <source>A service name is required.</source>
        <translation>必须填写服务名。</translation>
    </message>
    <message>
        <source>Use letters, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos; only.</source>
        <translation>只能使用字母、数字、&apos;.&apos;、&apos;-&apos; 和 &apos;_&apos;。</translation>
    </message>
    <message>
        <source>Use an http:// or https:// URL.</source>
        <translation>请使用 http:// 或 https:// URL。</translation>
    </message>
    <message>
        <source>The URL names no host.</source>
        <translation>该 URL 没有指定主机。</translation>
    </message>
</context>
<context>
    <name>GatewayPage</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Run the gateway on this node</source>
        <translation>在此节点上运行网关</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>The port clients send requests to: http://host:port/{service}/{path}</source>
        <translation>客户端发送请求的端口：http://host:port/{service}/{path}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The gateway&apos;s own zone: instances whose zone metadata names it are preferred</source>
        <translation>网关自身所在的区域：zone 元数据为该区域的实例优先</translation>
    </message>
    <message>
        <source>This console starts and stops the gateways of its own nodes. A remote Muster node runs one when it was started with --gateway-port; its traffic shows here.</source>
        <translation>此控制台只启动和停止自身节点的网关。远程 Muster 节点在以 --gateway-port 启动时运行网关，其流量显示在这里。</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Zone:</source>
        <translation>区域：</translation>
    </message>
    <message>
        <source>Service / instance</source>
        <translation>服务 / 实例</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>No registry selected.</source>
        <translation>未选择注册中心。</translation>
    </message>
    <message>
        <source>Reading the gateway of %1…</source>
        <translation>正在读取 %1 的网关…</translation>
    </message>
    <message>
        <source>%1 is not running: its gateway shows here once it runs and answers.</source>
        <translation>%1 未在运行：它运行并应答后，其网关会显示在这里。</translation>
    </message>
    <message>
        <source>%1 is not a Muster node: only Muster nodes run a gateway.</source>
        <translation>%1 不是 Muster 节点：只有 Muster 节点运行网关。</translation>
    </message>
    <message>
        <source>Could not read the gateway of %1: %2</source>
        <translation>无法读取 %1 的网关：%2</translation>
    </message>
    <message>
        <source>The gateway of %1 is off. Started, it sends http://host:port/{service}/{path} to an UP instance of the service.</source>
        <translation>%1 的网关已关闭。启动后，它会把 http://host:port/{service}/{path} 转发给该服务的一个 UP 实例。</translation>
    </message>
    <message>
        <source>The gateway of %1 runs at %2.</source>
        <translation>%1 的网关运行于 %2。</translation>
    </message>
    <message>
        <source>The gateway of %1 runs at %2, preferring instances in zone %3.</source>
        <translation>%1 的网关运行于 %2，优先选择区域 %3 中的实例。</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) since it started</source>
        <translation>
            <numerusform>自启动以来 %n 个请求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n for unknown services (404)</source>
        <translation>
            <numerusform>%n 个发往未知服务（404）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open connection(s)</source>
        <translation>
            <numerusform>%n 个打开的连接</numerusform>
        </translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新启动</translation>
    </message>
    <message>
        <source>Stop the gateway and start it again with this port and zone</source>
        <translation>停止网关，并以此端口和区域重新启动</translation>
    </message>
    <message>
        <source>Start the gateway with this port and zone</source>
        <translation>以此端口和区域启动网关</translation>
    </message>
    <message>
        <source>ejected until %1, then one trial request</source>
        <translation>已剔除，直到 %1，之后发送一次试探请求</translation>
    </message>
    <message>
        <source>taking traffic</source>
        <translation>正在接收流量</translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) ejected</source>
        <translation>
            <numerusform>%n 个实例已剔除</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting the gateway</source>
        <translation>启动网关</translation>
    </message>
    <message>
        <source>Stopping the gateway</source>
        <translation>停止网关</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1失败：%2</translation>
    </message>
</context>
<context>
    <name>HeartbeatTimeline</name>
    <message>
        <source>Select an instance to see its heartbeats.</source>
        <translation>选择一个实例以查看其心跳。</translation>
    </message>
    <message>
        <source>lease expires</source>
        <translation>租约到期</translation>
    </message>
    <message>
        <source>lease ran out</source>
        <translation>租约已耗尽</translation>
    </message>
    <message>
        <source>pinned: never expires</source>
        <translation>已固定：永不过期</translation>
    </message>
</context>
<context>
    <name>HeartbeatsPage</name>
    <message>
        <source>Selected instance: renewals over the last five minutes</source>
        <translation>所选实例：最近五分钟的续约</translation>
    </message>
    <message>
        <source>Node: renewal rate and self-preservation</source>
        <translation>节点：续约速率与自我保护</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source> (no longer registered)</source>
        <translation>（已不再注册）</translation>
    </message>
    <message>
        <source>Self-preservation does not apply: this node keeps its registry in etcd, where each instance&apos;s lease ends on its own when its heartbeats stop, on every node at once.</source>
        <translation>自我保护不适用：此节点把注册表保存在 etcd 中，每个实例的心跳停止后，其租约会在所有节点上同时自行结束。</translation>
    </message>
    <message>
        <source>Selected instance: health check</source>
        <translation>所选实例：健康检查</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>This instance has a health check, run by the node that took its registration.</source>
        <translation>此实例有健康检查，由接收其注册的节点执行。</translation>
    </message>
    <message>
        <source>No health check runs on this node for the selected instance.</source>
        <translation>本节点没有为所选实例运行健康检查。</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>HTTP GET %1</source>
        <translation>HTTP GET %1</translation>
    </message>
    <message>
        <source>TCP connect to %1</source>
        <translation>TCP 连接 %1</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>passing</source>
        <translation>通过中</translation>
    </message>
    <message numerus="yes">
        <source>failing: the check keeps the instance DOWN (%n failure(s) in a row)</source>
        <translation>
            <numerusform>失败：检查使实例保持 DOWN（连续失败 %n 次）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 every %2 ms, DOWN after %3 failure(s): %4.</source>
        <translation>%1，每 %2 毫秒一次，连续失败 %3 次后为 DOWN：%4。</translation>
    </message>
    <message>
        <source>Last result: %1 (%2).</source>
        <translation>最近结果：%1（%2）。</translation>
    </message>
    <message>
        <source>Node: requests and replication</source>
        <translation>节点：请求与复制</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>gone since</source>
        <translation>此后消失</translation>
    </message>
    <message>
        <source>new since</source>
        <translation>此后新增</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>已变化</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Export history…</source>
        <translation>导出历史…</translation>
    </message>
    <message>
        <source>Drag to see the registry as it was at that moment</source>
        <translation>拖动以查看注册表在该时刻的状态</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>修订号</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Moment:</source>
        <translation>时刻：</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>比较对象：</translation>
    </message>
    <message>
        <source>Select a Muster node to see its history.</source>
        <translation>选择一个 Muster 节点以查看其历史。</translation>
    </message>
    <message>
        <source>Reading the history of %1…</source>
        <translation>正在读取 %1 的历史…</translation>
    </message>
    <message>
        <source>The past: %1 as it was at %2 (revision %3). Nothing here changes the node.</source>
        <translation>过去：%1 在 %2 时的状态（修订号 %3）。此处不会改变节点。</translation>
    </message>
    <message>
        <source>Since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出历史</translation>
    </message>
    <message>
        <source>History exports (*.json)</source>
        <translation>历史导出文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The history of %1 cannot be read: %2</source>
        <translation>无法读取 %1 的历史：%2</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>%1 now (revision %2). Move the slider to see the past here and in Services, Instances and Topology.</source>
        <translation>%1 的当前状态（修订 %2）。移动滑块即可在此处以及“服务”“实例”“拓扑”中查看过去。</translation>
    </message>
</context>
<context>
    <name>InstanceDialog</name>
    <message>
        <source>Pinned: no heartbeats, never expires, kept across restarts</source>
        <translation>固定：无需心跳，永不过期，重启后保留</translation>
    </message>
    <message>
        <source>Register an instance</source>
        <translation>注册实例</translation>
    </message>
    <message>
        <source>Edit instance</source>
        <translation>编辑实例</translation>
    </message>
    <message>
        <source>e.g. ORDERS</source>
        <translation>例如 ORDERS</translation>
    </message>
    <message>
        <source>e.g. orders-1.local</source>
        <translation>例如 orders-1.local</translation>
    </message>
    <message>
        <source>e.g. 10.0.0.5</source>
        <translation>例如 10.0.0.5</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>&amp;Service (app):</source>
        <translation>服务（应用）(&amp;S)：</translation>
    </message>
    <message>
        <source>Instance &amp;ID:</source>
        <translation>实例 ID(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Host name:</source>
        <translation>主机名(&amp;H)：</translation>
    </message>
    <message>
        <source>I&amp;P address:</source>
        <translation>IP 地址(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Lease duration:</source>
        <translation>租约时长(&amp;L)：</translation>
    </message>
    <message>
        <source>Add key</source>
        <translation>添加键</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>删除键</translation>
    </message>
    <message>
        <source>&amp;Metadata:</source>
        <translation>元数据(&amp;M)：</translation>
    </message>
    <message>
        <source>An instance ID cannot contain &apos;/&apos; or spaces.</source>
        <translation>实例 ID 不能包含 &apos;/&apos; 或空格。</translation>
    </message>
    <message>
        <source>A host name is required.</source>
        <translation>必须填写主机名。</translation>
    </message>
    <message>
        <source>Not a host name: use letters, digits, &apos;.&apos; and &apos;-&apos;.</source>
        <translation>不是有效的主机名：请使用字母、数字、&apos;.&apos; 和 &apos;-&apos;。</translation>
    </message>
    <message>
        <source>An IP address is required.</source>
        <translation>必须填写 IP 地址。</translation>
    </message>
    <message>
        <source>Not an IPv4 or IPv6 address.</source>
        <translation>不是有效的 IPv4 或 IPv6 地址。</translation>
    </message>
    <message>
        <source>Row %1: a key is required.</source>
        <translation>第 %1 行：必须填写键。</translation>
    </message>
    <message>
        <source>Row %1: &quot;%2&quot; is not a valid key (start with a letter or &apos;_&apos;; then letters, digits, &apos;.&apos;, &apos;-&apos;, &apos;_&apos;).</source>
        <translation>第 %1 行：“%2”不是有效的键（须以字母或 &apos;_&apos; 开头，其后为字母、数字、&apos;.&apos;、&apos;-&apos;、&apos;_&apos;）。</translation>
    </message>
    <message>
        <source>Row %1: the key &quot;%2&quot; is already used.</source>
        <translation>第 %1 行：键“%2”已被使用。</translation>
    </message>
    <message>
        <source>The metadata of a mirrored entry belongs to its own registry.</source>
        <translation>镜像条目的元数据属于它自己的注册中心。</translation>
    </message>
    <message>
        <source>&amp;Health check:</source>
        <translation>健康检查(&amp;H)：</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>HTTP GET (2xx passes)</source>
        <translation>HTTP GET（2xx 为通过）</translation>
    </message>
    <message>
        <source>TCP connect</source>
        <translation>TCP 连接</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>every</source>
        <translation>每</translation>
    </message>
    <message>
        <source>DOWN after</source>
        <translation>连续失败</translation>
    </message>
    <message>
        <source>failures; remove after</source>
        <translation>次后为 DOWN；失败持续</translation>
    </message>
    <message>
        <source>host:port, e.g. 10.0.0.5:8080</source>
        <translation>主机:端口，例如 10.0.0.5:8080</translation>
    </message>
    <message>
        <source>URL, e.g. http://10.0.0.5:8080/health</source>
        <translation>URL，例如 http://10.0.0.5:8080/health</translation>
    </message>
    <message>
        <source>A TCP check needs host:port.</source>
        <translation>TCP 检查需要 主机:端口。</translation>
    </message>
    <message>
        <source>An HTTP check needs an http:// or https:// URL.</source>
        <translation>HTTP 检查需要 http:// 或 https:// 开头的 URL。</translation>
    </message>
</context>
<context>
    <name>InstanceHistoryDialog</name>
    <message>
        <source>Reading the history…</source>
        <translation>正在读取历史…</translation>
    </message>
    <message>
        <source>History of %1</source>
        <translation>%1 的历史</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>By</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation>无法读取历史：%1</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>Deregistered</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>Lease expired</source>
        <translation>租约已过期</translation>
    </message>
    <message>
        <source>Status override set to %1</source>
        <translation>状态覆盖设为 %1</translation>
    </message>
    <message>
        <source>Status corrected by a heartbeat</source>
        <translation>状态由心跳纠正</translation>
    </message>
    <message>
        <source>Status override removed</source>
        <translation>状态覆盖已移除</translation>
    </message>
    <message>
        <source>Metadata changed</source>
        <translation>元数据已更改</translation>
    </message>
    <message>
        <source>Renewals stopped (last one at %1)</source>
        <translation>续约中断（最后一次在 %1）</translation>
    </message>
    <message>
        <source>Renewals resumed after a gap of %1 s</source>
        <translation>中断 %1 秒后恢复续约</translation>
    </message>
    <message>
        <source>Nothing recorded about %1 since %2.</source>
        <translation>自 %2 起没有关于 %1 的记录。</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) recorded about %1 since %2.</source>
        <translation>
            <numerusform>自 %2 起记录了 %1 的 %n 次变化。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InstanceModel</name>
    <message>
        <source>Pinned: never expires</source>
        <translation>已固定：永不过期</translation>
    </message>
    <message>
        <source>Expires at %1</source>
        <translation>于 %1 过期</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>已固定</translation>
    </message>
    <message>
        <source>ServiceComb</source>
        <translation>ServiceComb</translation>
    </message>
    <message>
        <source>Eureka</source>
        <translation>Eureka</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Instance ID</source>
        <translation>实例 ID</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>Ports / endpoints</source>
        <translation>端口 / 端点</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>覆盖状态</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>最近心跳</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>租约</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>%1 (check)</source>
        <translation>%1（检查）</translation>
    </message>
    <message>
        <source>%1 req, %2 err</source>
        <translation>%1 个请求，%2 个错误</translation>
    </message>
    <message>
        <source>%1 req</source>
        <translation>%1 个请求</translation>
    </message>
    <message>
        <source> · p50 %1 ms · p99 %2 ms</source>
        <translation> · p50 %1 毫秒 · p99 %2 毫秒</translation>
    </message>
    <message>
        <source>ejected · %1</source>
        <translation>已剔除 · %1</translation>
    </message>
    <message numerus="yes">
        <source>Through the node&apos;s gateway: %n request(s)</source>
        <translation>
            <numerusform>经由节点网关：%n 个请求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s): failed to connect, reset, timed out or answered 5xx</source>
        <translation>
            <numerusform>%n 个错误：连接失败、被重置、超时或应答 5xx</numerusform>
        </translation>
    </message>
    <message>
        <source>Latency to the last byte over the last minute or two: p50 %1 ms, p99 %2 ms</source>
        <translation>最近一两分钟内到最后一个字节的延迟：p50 %1 毫秒，p99 %2 毫秒</translation>
    </message>
    <message>
        <source>Ejected after failing: no traffic until %1, then one trial request</source>
        <translation>因失败被剔除：在 %1 之前不接收流量，之后发送一次试探请求</translation>
    </message>
    <message>
        <source>Gateway traffic</source>
        <translation>网关流量</translation>
    </message>
</context>
<context>
    <name>InstancesPage</name>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Metadata, e.g. zone=a</source>
        <translation>元数据，例如 zone=a</translation>
    </message>
    <message>
        <source>Search id, service, host, IP…</source>
        <translation>搜索 ID、服务、主机、IP…</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>服务：</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>全部服务</translation>
    </message>
</context>
<context>
    <name>LoadSimulationDialog</name>
    <message>
        <source>Simulate load</source>
        <translation>模拟负载</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;App:</source>
        <translation>应用(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Instances:</source>
        <translation>实例数(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Heartbeat every:</source>
        <translation>心跳间隔(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Failing to heartbeat:</source>
        <translation>不发送心跳的比例(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Lease duration:</source>
        <translation>租约时长(&amp;L)：</translation>
    </message>
    <message>
        <source>Simulated Eureka clients register with %1 and heartbeat over HTTP, as real clients do.</source>
        <translation>模拟的 Eureka 客户端像真实客户端一样通过 HTTP 向 %1 注册并发送心跳。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>%1 instances heartbeat, %2 per second in all; %3 stop after registering and expire.</source>
        <translation>%1 个实例发送心跳，总计每秒 %2 次；%3 个实例注册后停止心跳并过期。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Muster</source>
        <translation>Muster</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Heartbeats</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>Topology</source>
        <translation>拓扑</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>&amp;Register instance…</source>
        <translation>注册实例(&amp;R)…</translation>
    </message>
    <message>
        <source>Register an instance by hand, or pin an entry for a service that cannot register itself</source>
        <translation>手动注册实例，或为无法自行注册的服务固定一个条目</translation>
    </message>
    <message>
        <source>&amp;Edit instance…</source>
        <translation>编辑实例(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Deregister…</source>
        <translation>注销(&amp;D)…</translation>
    </message>
    <message>
        <source>Remove status &amp;override</source>
        <translation>移除覆盖状态(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Copy as JSON</source>
        <translation>复制为 JSON(&amp;C)</translation>
    </message>
    <message>
        <source>Set status %1</source>
        <translation>将状态设为 %1</translation>
    </message>
    <message>
        <source>&amp;Add node</source>
        <translation>添加节点(&amp;A)</translation>
    </message>
    <message>
        <source>Start another node in the selected cluster, peered with the others</source>
        <translation>在所选集群中再启动一个节点，并与其他节点互为对等节点</translation>
    </message>
    <message>
        <source>New &amp;cluster…</source>
        <translation>新建集群(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Start node</source>
        <translation>启动节点(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top node</source>
        <translation>停止节点(&amp;T)</translation>
    </message>
    <message>
        <source>Re&amp;move node</source>
        <translation>移除节点(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Link peers…</source>
        <translation>连接对等节点(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Unlink peers…</source>
        <translation>断开对等节点(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About Muster</source>
        <translation>关于 Muster(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Registry</source>
        <translation>注册中心(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Instance</source>
        <translation>实例(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Registries</source>
        <translation>注册中心</translation>
    </message>
    <message>
        <source>No registry selected</source>
        <translation>未选择注册中心</translation>
    </message>
    <message>
        <source>%1 at %2 (%3)</source>
        <translation>%1 位于 %2（%3）</translation>
    </message>
    <message>
        <source>no address</source>
        <translation>无地址</translation>
    </message>
    <message numerus="yes">
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n 个服务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s)</source>
        <translation>
            <numerusform>%n 个实例</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 renewals/min</source>
        <translation>每分钟 %1 次续约</translation>
    </message>
    <message>
        <source>self-preservation off</source>
        <translation>自我保护关闭</translation>
    </message>
    <message>
        <source>SELF-PRESERVATION: leases held</source>
        <translation>自我保护：租约被保留</translation>
    </message>
    <message>
        <source>self-preservation armed</source>
        <translation>自我保护待命</translation>
    </message>
    <message>
        <source>queue %1 · lag %2 ms</source>
        <translation>队列 %1 · 延迟 %2 毫秒</translation>
    </message>
    <message>
        <source>unreachable · queue %1</source>
        <translation>不可达 · 队列 %1</translation>
    </message>
    <message>
        <source>not contacted yet</source>
        <translation>尚未联系</translation>
    </message>
    <message>
        <source>outside this console</source>
        <translation>不在本控制台内</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1：完成</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>Register %1</source>
        <translation>注册 %1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>Deregister %1 from %2?</source>
        <translation>要从 %2 注销 %1 吗？</translation>
    </message>
    <message numerus="yes">
        <source>Deregister %n instance(s)?</source>
        <translation>
            <numerusform>要注销 %n 个实例吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Deregister</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Clients stop seeing it at their next fetch. An instance that still heartbeats will register again.</source>
        <translation>客户端在下次拉取时将不再看到它。仍在发送心跳的实例会重新注册。</translation>
    </message>
    <message>
        <source>Deregister %1</source>
        <translation>注销 %1</translation>
    </message>
    <message>
        <source>Set %1 to %2</source>
        <translation>将 %1 设为 %2</translation>
    </message>
    <message>
        <source>Remove the override of %1</source>
        <translation>移除 %1 的覆盖状态</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n instance(s) as JSON</source>
        <translation>
            <numerusform>已将 %n 个实例复制为 JSON</numerusform>
        </translation>
    </message>
    <message>
        <source>New cluster</source>
        <translation>新建集群</translation>
    </message>
    <message>
        <source>Name of the cluster&apos;s nodes:</source>
        <translation>集群节点的名称：</translation>
    </message>
    <message>
        <source>A cluster named %1 exists already.</source>
        <translation>名为 %1 的集群已存在。</translation>
    </message>
    <message>
        <source>Remove node</source>
        <translation>移除节点</translation>
    </message>
    <message>
        <source>Stop %1 and remove it from its cluster? Its peers stop replicating to it.</source>
        <translation>停止 %1 并将其从集群中移除吗？其对等节点将停止向它复制。</translation>
    </message>
    <message>
        <source>Link %1 and %2</source>
        <translation>连接 %1 与 %2</translation>
    </message>
    <message>
        <source>Unlink %1 and %2</source>
        <translation>断开 %1 与 %2</translation>
    </message>
    <message>
        <source>About Muster</source>
        <translation>关于 Muster</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Muster %1&lt;/h3&gt;&lt;p&gt;A service registry that speaks Eureka and ServiceComb Service-Center, with this console to watch and edit it live.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Muster %1&lt;/h3&gt;&lt;p&gt;兼容 Eureka 与 ServiceComb Service-Center 的服务注册中心，并配有本控制台，可实时查看和编辑。&lt;/p&gt;&lt;p&gt;依据 GNU GPL 第 3 版或更高版本授权。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Connect to registry…</source>
        <translation>连接注册中心(&amp;C)…</translation>
    </message>
    <message>
        <source>Browse and edit a Eureka server, a Service-Center or another Muster node by its URL</source>
        <translation>通过 URL 浏览和编辑 Eureka 服务器、Service-Center 或其他 Muster 节点</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message>
        <source>Create &amp;service…</source>
        <translation>创建服务(&amp;S)…</translation>
    </message>
    <message>
        <source>Simulate &amp;load…</source>
        <translation>模拟负载(&amp;L)…</translation>
    </message>
    <message>
        <source>Start simulated instances that register and heartbeat against the selected node</source>
        <translation>启动模拟实例，向所选节点注册并发送心跳</translation>
    </message>
    <message>
        <source>S&amp;top simulations</source>
        <translation>停止模拟(&amp;T)</translation>
    </message>
    <message>
        <source>simulating %1 instances, %2 heartbeats/s</source>
        <translation>正在模拟 %1 个实例，每秒 %2 次心跳</translation>
    </message>
    <message>
        <source>Create %1</source>
        <translation>创建 %1</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>etcd unreachable: reads are cached, writes refused</source>
        <translation>etcd 不可达：读取来自缓存，写入被拒绝</translation>
    </message>
    <message>
        <source>on etcd at %1</source>
        <translation>使用位于 %1 的 etcd</translation>
    </message>
    <message>
        <source>leases expire in etcd</source>
        <translation>租约在 etcd 中过期</translation>
    </message>
    <message>
        <source>Add &amp;bridge…</source>
        <translation>添加桥接(&amp;B)…</translation>
    </message>
    <message>
        <source>Sync the selected node both ways with an external Eureka server or Service-Center</source>
        <translation>让所选节点与外部 Eureka 服务器或 Service-Center 双向同步</translation>
    </message>
    <message>
        <source>Remove b&amp;ridge…</source>
        <translation>移除桥接(&amp;R)…</translation>
    </message>
    <message>
        <source>Stop the bridge selected in the navigator; the entries it pulled leave the node</source>
        <translation>停止导航栏中所选的桥接；它拉取的条目会离开该节点</translation>
    </message>
    <message>
        <source>Deregister is not offered here. %1</source>
        <translation>此处不能注销。%1</translation>
    </message>
    <message>
        <source>Edit the status override; the metadata of a mirrored entry cannot be edited here</source>
        <translation>编辑覆盖状态；镜像条目的元数据不能在此编辑</translation>
    </message>
    <message>
        <source>External registry: %1 at %2</source>
        <translation>外部注册中心：%2 上的 %1</translation>
    </message>
    <message>
        <source>↑ %1 · queue %2 · lag %3 ms</source>
        <translation>↑ %1 · 队列 %2 · 延迟 %3 毫秒</translation>
    </message>
    <message>
        <source>↑ %1 pushed</source>
        <translation>已推送 ↑ %1</translation>
    </message>
    <message>
        <source>↓ %1 pulled · %2</source>
        <translation>已拉取 ↓ %1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) mirrored by a bridge stay: they are deregistered at their own registry.</source>
        <translation>
            <numerusform>%n 个由桥接镜像的条目会保留：它们需要在自己的注册中心注销。</numerusform>
        </translation>
    </message>
    <message>
        <source>Add a bridge to %1</source>
        <translation>为 %1 添加桥接</translation>
    </message>
    <message>
        <source>Remove bridge</source>
        <translation>移除桥接</translation>
    </message>
    <message>
        <source>Remove the bridge from %1 to %2?</source>
        <translation>要移除从 %1 到 %2 的桥接吗？</translation>
    </message>
    <message>
        <source>The entries it mirrored leave %1, and it stops registering the node&apos;s instances there.</source>
        <translation>它镜像的条目会离开 %1，并且不再把该节点的实例注册到那里。</translation>
    </message>
    <message>
        <source>Remove the bridge to %1</source>
        <translation>移除到 %1 的桥接</translation>
    </message>
    <message>
        <source>%1 renewals so far this minute</source>
        <translation>本分钟至今 %1 次续约</translation>
    </message>
    <message>
        <source>self-preservation: measuring until %1</source>
        <translation>自我保护：测量中，至 %1</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>&amp;Export history…</source>
        <translation>导出历史(&amp;E)…</translation>
    </message>
    <message>
        <source>Write the selected node&apos;s history between two moments to a file that can be replayed</source>
        <translation>将所选节点在两个时刻之间的历史写入可回放的文件</translation>
    </message>
    <message>
        <source>&amp;Replay history…</source>
        <translation>回放历史(&amp;R)…</translation>
    </message>
    <message>
        <source>Play an exported history into a new node, so the incident unfolds again</source>
        <translation>将导出的历史回放到一个新节点中，让事件重新展开</translation>
    </message>
    <message>
        <source>&amp;History of this instance…</source>
        <translation>此实例的历史(&amp;H)…</translation>
    </message>
    <message>
        <source>What the node recorded about the instance: registrations, overrides, gaps in its renewals, its end</source>
        <translation>节点记录的该实例的情况：注册、覆盖、续约中断及其结束</translation>
    </message>
    <message>
        <source>Replay history</source>
        <translation>回放历史</translation>
    </message>
    <message>
        <source>History exports (*.json)</source>
        <translation>历史导出文件 (*.json)</translation>
    </message>
    <message>
        <source>Speed (times the recorded pace):</source>
        <translation>速度（录制节奏的倍数）：</translation>
    </message>
    <message>
        <source>There is no cluster of nodes in this console to replay into.</source>
        <translation>本控制台中没有可供回放的节点集群。</translation>
    </message>
    <message>
        <source>A fault is injected on this link; right-click it to change or heal it</source>
        <translation>此链路上注入了故障；右键单击可更改或修复</translation>
    </message>
    <message numerus="yes">
        <source> · %n diverging</source>
        <translation>
            <numerusform> · %n 个分歧</numerusform>
        </translation>
    </message>
    <message>
        <source> · drops all</source>
        <translation> · 全部丢弃</translation>
    </message>
    <message>
        <source> · drops %1 %</source>
        <translation> · 丢弃 %1 %</translation>
    </message>
    <message>
        <source> · +%1 ms</source>
        <translation> · +%1 毫秒</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Drop everything</source>
        <translation>全部丢弃</translation>
    </message>
    <message>
        <source>Drop 30 % of batches</source>
        <translation>丢弃 30 % 的批次</translation>
    </message>
    <message>
        <source>Add 500 ms of latency</source>
        <translation>增加 500 毫秒延迟</translation>
    </message>
    <message>
        <source>Heal</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Partition (cut both directions)</source>
        <translation>分区（切断两个方向）</translation>
    </message>
    <message>
        <source>Heal both directions</source>
        <translation>修复两个方向</translation>
    </message>
    <message>
        <source>Divergence…</source>
        <translation>分歧…</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>The views show the past: go back to now (the time bar or the banner) to change the registry</source>
        <translation>视图显示的是过去：回到现在（时间栏或横幅）后才能修改注册中心</translation>
    </message>
    <message>
        <source>no history</source>
        <translation>无历史</translation>
    </message>
    <message>
        <source>%1 in the past: the instances it held then. Its links to peers are not in the history, so none are drawn.</source>
        <translation>%1 的过去：当时持有的实例。与对等节点的连接不在历史中，因此不绘制。</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>账户(&amp;A)…</translation>
    </message>
    <message>
        <source>Who may read and change the selected node once it requires authentication</source>
        <translation>所选节点要求身份验证后，谁可以读取和修改它</translation>
    </message>
</context>
<context>
    <name>MetricsPanel</name>
    <message>
        <source>Requests per second</source>
        <translation>每秒请求数</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Latency p99</source>
        <translation>延迟 p99</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Replication lag</source>
        <translation>复制延迟</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Collecting…</source>
        <translation>正在收集…</translation>
    </message>
    <message>
        <source>This node has no peers.</source>
        <translation>此节点没有对等节点。</translation>
    </message>
    <message>
        <source>Traffic charts appear once the registry runs and answers.</source>
        <translation>注册中心运行并应答后即显示流量图表。</translation>
    </message>
    <message>
        <source>This node counts no requests (it runs with --metrics off), so there is nothing to chart.</source>
        <translation>此节点不统计请求（以 --metrics off 运行），因此没有可绘制的数据。</translation>
    </message>
    <message>
        <source>Traffic charts are not available for this kind of registry: only Muster nodes report their requests, latencies and replication lag.</source>
        <translation>此类注册中心不提供流量图表：只有 Muster 节点会报告其请求、延迟和复制延迟。</translation>
    </message>
    <message>
        <source>Could not read the node&apos;s metrics: %1</source>
        <translation>无法读取节点的指标：%1</translation>
    </message>
</context>
<context>
    <name>NavigatorModel</name>
    <message>
        <source>Registry</source>
        <translation>注册中心</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Renewals/min</source>
        <translation>续约/分钟</translation>
    </message>
    <message>
        <source>Self-preservation</source>
        <translation>自我保护</translation>
    </message>
    <message>
        <source>off (disabled)</source>
        <translation>关闭（已禁用）</translation>
    </message>
    <message>
        <source>ACTIVE: holding leases</source>
        <translation>生效：保留租约</translation>
    </message>
    <message>
        <source>armed</source>
        <translation>待命</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>不可达</translation>
    </message>
    <message>
        <source>running, store stale</source>
        <translation>运行中，存储已过时</translation>
    </message>
    <message>
        <source>running on etcd</source>
        <translation>运行于 etcd</translation>
    </message>
    <message>
        <source>etcd unreachable: %1</source>
        <translation>etcd 不可达：%1</translation>
    </message>
    <message>
        <source>etcd at %1, prefix %2</source>
        <translation>etcd 位于 %1，前缀 %2</translation>
    </message>
    <message>
        <source>n/a (leases in etcd)</source>
        <translation>不适用（租约在 etcd 中）</translation>
    </message>
    <message>
        <source>Bridge: %1</source>
        <translation>桥接：%1</translation>
    </message>
    <message>
        <source>measuring until %1</source>
        <translation>测量中，至 %1</translation>
    </message>
</context>
<context>
    <name>PastBanner</name>
    <message>
        <source>Back to now</source>
        <translation>回到现在</translation>
    </message>
    <message>
        <source>The past: %1 as it was at %2. Services, Instances and Topology show that moment; nothing can be changed until you go back to now.</source>
        <translation>过去：%1 在 %2 时的状态。服务、实例和拓扑显示的是那一时刻；回到现在之前不能做任何修改。</translation>
    </message>
    <message>
        <source>The past cannot be shown: %1. The views show the present.</source>
        <translation>无法显示过去：%1。视图显示的是现在。</translation>
    </message>
</context>
<context>
    <name>PeerDialog</name>
    <message>
        <source>Link peers</source>
        <translation>连接对等节点</translation>
    </message>
    <message>
        <source>Unlink peers</source>
        <translation>断开对等节点</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>节点：</translation>
    </message>
    <message>
        <source>Peer with:</source>
        <translation>对等节点：</translation>
    </message>
    <message>
        <source>Stop peering with:</source>
        <translation>停止与其对等：</translation>
    </message>
    <message>
        <source>Each node will replicate its writes to the other, and the new peer is sent the whole registry.</source>
        <translation>两个节点将互相复制写操作，并把整个注册表发送给新的对等节点。</translation>
    </message>
    <message>
        <source>The nodes stop replicating to each other; what each holds stays.</source>
        <translation>两个节点停止互相复制；各自已有的数据保持不变。</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>Start at least two nodes first.</source>
        <translation>请先启动至少两个节点。</translation>
    </message>
    <message>
        <source>Choose two different nodes.</source>
        <translation>请选择两个不同的节点。</translation>
    </message>
</context>
<context>
    <name>RegistryMirror</name>
    <message>
        <source>reachable</source>
        <translation>可达</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>不可达</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>peer added</source>
        <translation>已添加对等节点</translation>
    </message>
    <message>
        <source>peer is %1</source>
        <translation>对等节点%1</translation>
    </message>
    <message>
        <source>replication failed: %1</source>
        <translation>复制失败：%1</translation>
    </message>
    <message>
        <source>peer removed</source>
        <translation>已移除对等节点</translation>
    </message>
    <message>
        <source>store %1 unreachable; serving cached reads, writes refused: %2</source>
        <translation>存储 %1 不可达；读取使用缓存，写入被拒绝：%2</translation>
    </message>
    <message>
        <source>store %1 connected at %2</source>
        <translation>存储 %1 已连接：%2</translation>
    </message>
    <message>
        <source>bridge to the %1 added</source>
        <translation>已添加到 %1 的桥接</translation>
    </message>
    <message>
        <source>bridge is %1</source>
        <translation>桥接%1</translation>
    </message>
    <message>
        <source>bridge failed: %1</source>
        <translation>桥接失败：%1</translation>
    </message>
    <message>
        <source>bridge removed</source>
        <translation>已移除桥接</translation>
    </message>
</context>
<context>
    <name>RenewalRateChart</name>
    <message>
        <source>Collecting the renewal rate…</source>
        <translation>正在收集续约速率…</translation>
    </message>
    <message>
        <source>renewals per minute</source>
        <translation>每分钟续约数</translation>
    </message>
    <message>
        <source>- - self-preservation threshold</source>
        <translation>- - 自我保护阈值</translation>
    </message>
    <message>
        <source>renewals so far (first minute)</source>
        <translation>至今的续约次数（第一分钟）</translation>
    </message>
</context>
<context>
    <name>SelfPreservation</name>
    <message>
        <source>Self-preservation is switched off: every lease that runs out is expired at once.</source>
        <translation>自我保护已关闭：每个到期的租约都会立即过期。</translation>
    </message>
    <message>
        <source>Self-preservation is off: no instance with an Eureka lease is registered, so there is nothing to protect (Service-Center leases always expire on time).</source>
        <translation>自我保护未生效：没有注册带 Eureka 租约的实例，因此没有需要保护的对象（Service-Center 的租约总是按时过期）。</translation>
    </message>
    <message>
        <source>Self-preservation is measuring: the node has not counted a full minute of renewals yet and will have at %7. So far this minute it received %8 renewals, against a threshold of %2 (%3% of the %4 expected from %5 instances renewing every %6 s). Like an Eureka server, it expires no lease until that first minute is measured.</source>
        <translation>自我保护正在测量：节点尚未统计满一整分钟的续约，将于 %7 完成。本分钟至今收到 %8 次续约，阈值为 %2（%5 个实例每 %6 秒续约一次，预期 %4 次，取其 %3%）。与 Eureka 服务器一样，在测完第一分钟之前，它不会让任何租约过期。</translation>
    </message>
    <message>
        <source>Self-preservation is ON: in the last minute the node received %1 renewals, not more than the threshold of %2 (%3% of the %4 expected from %5 instances renewing every %6 s). The node assumes a network problem rather than %5 instances failing at once, and keeps every lease until renewals recover.</source>
        <translation>自我保护已启动：上一分钟节点收到 %1 次续约，未超过阈值 %2（%5 个实例每 %6 秒续约一次，预期 %4 次，取其 %3%）。节点认为是网络问题，而不是 %5 个实例同时故障，因此在续约恢复之前保留所有租约。</translation>
    </message>
    <message>
        <source>Self-preservation is off: in the last minute the node received %1 renewals, above the threshold of %2 (%3% of the %4 expected from %5 instances renewing every %6 s), so leases that run out are expired normally.</source>
        <translation>自我保护未启动：上一分钟节点收到 %1 次续约，高于阈值 %2（%5 个实例每 %6 秒续约一次，预期 %4 次，取其 %3%），因此到期的租约会正常过期。</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>Create a service</source>
        <translation>创建服务</translation>
    </message>
    <message>
        <source>&amp;App ID:</source>
        <translation>应用 ID(&amp;A)：</translation>
    </message>
    <message>
        <source>Service &amp;name:</source>
        <translation>服务名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation>版本(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>A service created here is kept by the node across restarts.</source>
        <translation>在此创建的服务会由节点保存，重启后仍然存在。</translation>
    </message>
    <message>
        <source>An app ID is required.</source>
        <translation>必须填写应用 ID。</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;; start and end with a letter or digit.</source>
        <translation>可使用字母、数字、&apos;_&apos;、&apos;-&apos; 和 &apos;.&apos;；须以字母或数字开头和结尾。</translation>
    </message>
    <message>
        <source>A service name is required.</source>
        <translation>必须填写服务名。</translation>
    </message>
    <message>
        <source>A version is required.</source>
        <translation>必须填写版本。</translation>
    </message>
    <message>
        <source>Up to four numbers separated by dots, e.g. 1.0.0.</source>
        <translation>最多四个以点分隔的数字，例如 1.0.0。</translation>
    </message>
    <message>
        <source>Each part of the version is at most 32767.</source>
        <translation>版本的每一部分不能超过 32767。</translation>
    </message>
</context>
<context>
    <name>ServiceModel</name>
    <message>
        <source>no instances</source>
        <translation>无实例</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>部分异常</translation>
    </message>
    <message>
        <source>down</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>ServiceComb</source>
        <translation>ServiceComb</translation>
    </message>
    <message>
        <source>Eureka</source>
        <translation>Eureka</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>App ID</source>
        <translation>应用 ID</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>UP</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>DOWN</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>STARTING</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>OUT_OF_SERVICE</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
</context>
<context>
    <name>ServicesPage</name>
    <message>
        <source>Search services…</source>
        <translation>搜索服务…</translation>
    </message>
    <message>
        <source>All protocols</source>
        <translation>全部协议</translation>
    </message>
    <message>
        <source>Eureka</source>
        <translation>Eureka</translation>
    </message>
    <message>
        <source>ServiceComb</source>
        <translation>ServiceComb</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>协议：</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Hold leases when renewals drop (self-preservation)</source>
        <translation>续约下降时保留租约（自我保护）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Local node</source>
        <translation>本地节点</translation>
    </message>
    <message>
        <source>First node&apos;s &amp;port:</source>
        <translation>第一个节点的端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Default &amp;lease duration:</source>
        <translation>默认租约时长(&amp;L)：</translation>
    </message>
    <message>
        <source>Renewal &amp;threshold:</source>
        <translation>续约阈值(&amp;T)：</translation>
    </message>
    <message>
        <source>Changes take effect the next time Muster starts. Options given on the command line or in a --config file win over these.</source>
        <translation>更改将在下次启动 Muster 时生效。命令行或 --config 文件中给出的选项优先于这些设置。</translation>
    </message>
</context>
<context>
    <name>TimeBar</name>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Back to now</source>
        <translation>回到现在</translation>
    </message>
    <message>
        <source>Show the registry as it is now; changes can be made again</source>
        <translation>显示注册中心现在的状态；可以再次修改</translation>
    </message>
    <message>
        <source>Select a registry to see its past</source>
        <translation>选择一个注册中心以查看其过去</translation>
    </message>
    <message>
        <source>Drag to see the registry as it was at that moment</source>
        <translation>拖动以查看注册表在该时刻的状态</translation>
    </message>
    <message>
        <source>The past of %1 cannot be shown: %2</source>
        <translation>无法显示 %1 的过去：%2</translation>
    </message>
    <message>
        <source>its history is being read</source>
        <translation>正在读取其历史</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Cluster %1</source>
        <translation>集群 %1</translation>
    </message>
    <message>
        <source>failed to start: %1</source>
        <translation>启动失败：%1</translation>
    </message>
    <message>
        <source>running at %1</source>
        <translation>运行于 %1</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>peered with %1</source>
        <translation>已与 %1 互为对等节点</translation>
    </message>
    <message>
        <source>unpeered from %1</source>
        <translation>已与 %1 解除对等</translation>
    </message>
    <message>
        <source>Remote registries</source>
        <translation>远程注册中心</translation>
    </message>
    <message>
        <source>connected (%1)</source>
        <translation>已连接（%1）</translation>
    </message>
    <message>
        <source>unreachable: %1</source>
        <translation>不可达：%1</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>正在连接 %1</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开连接</translation>
    </message>
    <message>
        <source>simulating %1 instances of %2</source>
        <translation>正在模拟 %2 的 %1 个实例</translation>
    </message>
    <message>
        <source>simulation: %1</source>
        <translation>模拟：%1</translation>
    </message>
    <message>
        <source>simulation stopped</source>
        <translation>模拟已停止</translation>
    </message>
    <message>
        <source>the CA file %1 cannot be used: %2</source>
        <translation>无法使用 CA 文件 %1：%2</translation>
    </message>
    <message>
        <source>unreachable: its certificate is not trusted. Connect again and give the certificate of the CA that signed it. (%1)</source>
        <translation>无法连接：其证书不受信任。请重新连接，并给出签发该证书的 CA 的证书。（%1）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>muster: node %1 listening on %2</source>
        <translation>muster: 节点 %1 正在监听 %2</translation>
    </message>
    <message>
        <source>muster: %1</source>
        <translation>muster: %1</translation>
    </message>
    <message>
        <source>muster: there is no display to open the console on (DISPLAY is not set). Run `muster --headless` for a node without a window.</source>
        <translation>muster：没有可用于打开控制台的显示（未设置 DISPLAY）。运行 `muster --headless` 可启动无窗口的节点。</translation>
    </message>
</context>
</TS>
