<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccessPolicyForm</name>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="318"/>
        <source>Change the access policy</source>
        <translation>更改访问策略</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="318"/>
        <source>Save policy</source>
        <translation>保存策略</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="322"/>
        <source>The lockout count applies from the next failed attempt; password rules from the next password chosen; the idle lock from each station&apos;s next sign-in.</source>
        <translation>锁定次数自下一次失败尝试起生效；密码规则自下一次设置密码起生效；空闲锁定自各工作站下一次登录起生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="336"/>
        <source>access policy: {what}.</source>
        <translation>访问策略：{what}。</translation>
    </message>
</context>
<context>
    <name>AddUserForm</name>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="119"/>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="119"/>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="122"/>
        <source>User ID</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="125"/>
        <source>What they type to sign in: 2–64 characters, a letter first (e.g. lwang). Never reused, even after the account is deactivated.</source>
        <translation>登录时输入的名称：2–64 个字符，以字母开头（例如 lwang）。即使账户停用后也绝不重复使用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="131"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="133"/>
        <source>Printed with every signature they make.</source>
        <translation>将随其每一个签名一同显示。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="136"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="143"/>
        <source>Tick at least one role.</source>
        <translation>请至少勾选一个角色。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="156"/>
        <source>user {username} ({name}) added as {roles}; they choose their own password at their first sign-in.</source>
        <translation>已添加用户 {username}（{name}），角色为 {roles}；其首次登录时设置自己的密码。</translation>
    </message>
</context>
<context>
    <name>AdminForm</name>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="303"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="332"/>
        <source>e.g. change request CR-2026-014</source>
        <translation>例如 变更申请 CR-2026-014</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="335"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="338"/>
        <source>Kept in the audit trail with your name, the time and the change.</source>
        <translation>将与您的姓名、时间和更改内容一同记入审计追踪。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="347"/>
        <source>Give the reason for this change; it goes into the audit trail.</source>
        <translation>请填写此次更改的原因；它将记入审计追踪。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="357"/>
        <source>{label} is required.</source>
        <translation>{label}为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="367"/>
        <source>{label} must be a date written YYYY-MM-DD; you entered {text}.</source>
        <translation>{label}必须是 YYYY-MM-DD 格式的日期；您输入的是 {text}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="373"/>
        <source>This form does not take scans; type the values.</source>
        <translation>本表单不接受扫描；请手动输入数值。</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="185"/>
        <source>Saved: {what}</source>
        <translation>已保存：{what}</translation>
    </message>
</context>
<context>
    <name>AdminPages</name>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="86"/>
        <source>or</source>
        <translation>或</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/common.py" line="94"/>
        <source>Only {roles} may {doing}.</source>
        <translation>只有{roles}可以{doing}。</translation>
    </message>
</context>
<context>
    <name>AspirateForm</name>
    <message>
        <location filename="../../ui/forms/lots.py" line="112"/>
        <source>Aspirate collection</source>
        <translation>骨髓抽吸液采集</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="123"/>
        <source>Collection site</source>
        <translation>采集部位</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="125"/>
        <source>Choose or type where the marrow was taken.</source>
        <translation>选择或输入骨髓采集部位。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="130"/>
        <source>Volume</source>
        <translation>体积</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="131"/>
        <source>e.g. 16</source>
        <translation>例如 16</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="133"/>
        <source>More than 0, at most 100 mL; 12–20 mL is usual.</source>
        <translation>大于 0，最多 100 mL；通常为 12–20 mL。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="138"/>
        <source>Anticoagulant</source>
        <translation>抗凝剂</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="144"/>
        <source>Anticoagulant lot</source>
        <translation>抗凝剂批号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="146"/>
        <source>Scan the RL label on the anticoagulant (optional).</source>
        <translation>扫描抗凝剂上的 RL 标签（可选）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="153"/>
        <source>Collected at</source>
        <translation>采集时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="155"/>
        <source>Site time; not before the lot was started, not in the future.</source>
        <translation>现场时间；不得早于批次启动，不得晚于当前时间。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="160"/>
        <source>Collected by</source>
        <translation>采集人</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="162"/>
        <source>Name of the doctor who took the aspirate.</source>
        <translation>采集骨髓抽吸液的医生姓名。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="167"/>
        <source>Transport temperature</source>
        <translation>运输温度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="168"/>
        <source>e.g. 8</source>
        <translation>例如 8</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="170"/>
        <source>−20 to 45 °C, as read on the transport box (optional).</source>
        <translation>−20 至 45 °C，以运输箱上的读数为准（可选）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="173"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="181"/>
        <source>more than 0, at most 100 mL</source>
        <translation>大于 0，最多 100 mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="183"/>
        <source>Volume must be more than 0 mL.</source>
        <translation>体积必须大于 0 mL。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="187"/>
        <source>{v} mL is outside the usual 12–20 mL; check it.</source>
        <translation>{v} mL 超出通常的 12–20 mL，请核对。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="192"/>
        <source>−20 to 45 °C</source>
        <translation>−20 至 45 °C</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="202"/>
        <source>That is not a reagent lot label (RL…): {what}</source>
        <translation>这不是试剂批号标签（RL…）：{what}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="237"/>
        <source>{v} mL from the {site}</source>
        <translation>{v} mL，采自{site}</translation>
    </message>
</context>
<context>
    <name>AssessDeviationForm</name>
    <message>
        <location filename="../../ui/forms/deviations.py" line="198"/>
        <source>Assess a deviation</source>
        <translation>评估偏差</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="217"/>
        <source>Impact assessment</source>
        <translation>影响评估</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="219"/>
        <source>Effect on the product, the patient and the record. Required to close.</source>
        <translation>对产品、患者和记录的影响。关闭前必填。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="224"/>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="230"/>
        <source>Corrective action</source>
        <translation>纠正措施</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="232"/>
        <source>What was done about this event. Required to close.</source>
        <translation>针对该事件采取了哪些措施。关闭前必填。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="237"/>
        <source>Preventive action</source>
        <translation>预防措施</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="239"/>
        <source>What stops it happening again.</source>
        <translation>防止再次发生的措施。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="244"/>
        <source>{number} is closed; it cannot be changed.</source>
        <translation>{number} 已关闭，不能更改。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="255"/>
        <source>&lt;b&gt;{number}&lt;/b&gt; — {title}&lt;br&gt;{classification}, {state}; occurred {when}; raised by {by}{linked}&lt;br&gt;&lt;i&gt;{description}&lt;/i&gt;</source>
        <translation>&lt;b&gt;{number}&lt;/b&gt; — {title}&lt;br&gt;{classification}，{state}；发生于 {when}；发起人 {by}{linked}&lt;br&gt;&lt;i&gt;{description}&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="264"/>
        <source>; linked to the aspirate receipt</source>
        <translation>；已关联骨髓抽吸液接收记录</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="279"/>
        <source>At most 10,000 characters.</source>
        <translation>最多 10,000 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="287"/>
        <source>{number} assessed</source>
        <translation>{number} 已评估</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="724"/>
        <source>recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="725"/>
        <source>changed</source>
        <translation>已更改</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="726"/>
        <source>CORRECTED</source>
        <translation>已更正</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="727"/>
        <source>VOIDED</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="728"/>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="731"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="732"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="733"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="734"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="735"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="736"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="737"/>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="738"/>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="739"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>BackupIntervalForm</name>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="85"/>
        <source>Change the backup interval</source>
        <translation>更改备份间隔</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="85"/>
        <source>Save interval</source>
        <translation>保存间隔</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="90"/>
        <source>Administrators are reminded on their home page when the last backup is older than this. Set it to match the backups IT schedules (daily: 24 h).</source>
        <translation>上次备份早于此间隔时，管理员主页会提醒。请与 IT 安排的备份一致（每天：24 小时）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="99"/>
        <source>Backup interval</source>
        <translation>备份间隔</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="101"/>
        <source>h</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="102"/>
        <source>Allowed: 1–{most} h</source>
        <translation>允许：1–{most} 小时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="110"/>
        <source>Nothing to change: this is the interval now.</source>
        <translation>无需更改：这就是当前的间隔。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="114"/>
        <source>backup interval {old} h → {new} h.</source>
        <translation>备份间隔 {old} 小时 → {new} 小时。</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="62"/>
        <source>OVERDUE: this database has never been backed up. Make a backup now (Backups), and have IT schedule one every {hours} h.</source>
        <translation>已逾期：此数据库从未备份。请立即备份（备份），并请 IT 安排每 {hours} 小时备份一次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="68"/>
        <source>OVERDUE: the last database backup was {days} day(s) {hours} h ago ({when}); the site asks for one every {interval} h. Make a backup now (Backups).</source>
        <translation>已逾期：上次数据库备份在 {days} 天 {hours} 小时前（{when}）；本站点要求每 {interval} 小时备份一次。请立即备份（备份）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="313"/>
        <source>No backup on record.</source>
        <translation>没有备份记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="314"/>
        <source>Last backup {when} by {who}; next due {due}.</source>
        <translation>上次备份 {when}，由 {who} 完成；下次应于 {due}。</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="128"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="130"/>
        <location filename="../../ui/pages/admin/backups.py" line="188"/>
        <source>back up the database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="146"/>
        <source>Last backup</source>
        <translation>上次备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="157"/>
        <source>Made:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="158"/>
        <source>By:</source>
        <translation>操作人：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="159"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="160"/>
        <source>SHA-256:</source>
        <translation>SHA-256：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="161"/>
        <source>Next due:</source>
        <translation>下次应备份：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="162"/>
        <source>Interval:</source>
        <translation>间隔：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="169"/>
        <source>Change &amp;interval…</source>
        <translation>更改间隔(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="172"/>
        <source>change the backup interval</source>
        <translation>更改备份间隔</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="177"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="180"/>
        <source>Copies the whole database ({backend} · {location}) while everyone keeps working, checks the copy (integrity and the audit trail&apos;s hash chain) before keeping it, and writes its SHA-256 beside it. Keep backups off this PC.</source>
        <translation>在大家继续工作的同时复制整个数据库（{backend} · {location}），保留前检查副本（完整性和审计追踪的哈希链），并在旁边写入其 SHA-256。备份请勿存放在本电脑上。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="185"/>
        <source>&amp;Back up now…</source>
        <translation>立即备份(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="197"/>
        <source>Scheduled backups and restoring</source>
        <translation>定时备份与恢复</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="200"/>
        <source>IT schedules `labtracker backup -o FILE --user ADMIN --password-stdin` (daily at least); each scheduled backup appears here. `labtracker verify-backup FILE` checks a copy; `labtracker restore FILE` restores one into an empty database. The procedure: docs/backup-restore.md.</source>
        <translation>IT 安排 `labtracker backup -o FILE --user ADMIN --password-stdin`（至少每天一次）；每次定时备份都会显示在这里。`labtracker verify-backup FILE` 检查副本；`labtracker restore FILE` 将其恢复到空数据库。操作规程：docs/backup-restore.md。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="216"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="222"/>
        <source>{who} on {station}</source>
        <translation>{who}，工作站 {station}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="226"/>
        <source>every {hours} h</source>
        <translation>每 {hours} 小时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="228"/>
        <source>OVERDUE</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="252"/>
        <source>Back up the database to</source>
        <translation>将数据库备份到</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="263"/>
        <source>Backing up to {path}…</source>
        <translation>正在备份到 {path}…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="272"/>
        <source>Backed up to {path}: {size}, SHA-256 {sha}; {entries} audit entries verified in the copy.</source>
        <translation>已备份到 {path}：{size}，SHA-256 {sha}；副本中已验证 {entries} 条审计记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="287"/>
        <source>NOT backed up: {error}</source>
        <translation>未备份：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="289"/>
        <source>NOT backed up: {kind}: {error}</source>
        <translation>未备份：{kind}：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/backups.py" line="296"/>
        <source>Backing up the database</source>
        <translation>正在备份数据库</translation>
    </message>
</context>
<context>
    <name>BedsidePage</name>
    <message>
        <location filename="../../ui/pages/bedside.py" line="218"/>
        <source>Bedside check and implantation</source>
        <translation>床旁核对与植入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="223"/>
        <source>{name} · {roles}</source>
        <translation>{name} · {roles}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="232"/>
        <source>Only a surgeon can confirm a construct at the bedside and sign its implantation. You are signed in as {name}.</source>
        <translation>只有外科医生可以在床旁确认构建体并签署植入。您当前以 {name} 身份登录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="245"/>
        <source>Construct label (DIN)</source>
        <translation>构建体标签（DIN）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="246"/>
        <source>Patient wristband</source>
        <translation>患者腕带</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="266"/>
        <source>1.  Scan the DIN barcode on the construct&apos;s release label.
2.  Scan the barcode on the patient&apos;s wristband.
3.  A green card shows the patient: check name, MRN and date of birth against the patient and the wristband, then sign “implanted”.

A red STOP means: do not implant. Set the construct aside and call QA.</source>
        <translation>1.  扫描构建体放行标签上的 DIN 条码。
2.  扫描患者腕带上的条码。
3.  绿色卡片显示患者信息：将姓名、病历号和出生日期与患者本人及腕带核对，然后签署“已植入”。

出现红色“停止”表示：不得植入。请将构建体放在一边并联系 QA。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="289"/>
        <source>Will not scan? &amp;Type it:</source>
        <translation>无法扫描？手动输入(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="293"/>
        <source>The DIN with the check character from the box beside it, or MRN:…</source>
        <translation>DIN 加旁边方框中的校验字符，或 MRN:…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="297"/>
        <source>&amp;Check typed code</source>
        <translation>核对输入的编码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="301"/>
        <source>&amp;Start again</source>
        <translation>重新开始(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="340"/>
        <source>✔ MATCH — this construct is for this patient</source>
        <translation>✔ 匹配 — 此构建体属于该患者</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="358"/>
        <source>MRN</source>
        <translation>病历号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="358"/>
        <source>Born</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="379"/>
        <source>Check character, as in the box on the label</source>
        <translation>校验字符，与标签方框中的一致</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="383"/>
        <source>DIN</source>
        <translation>DIN</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="386"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="389"/>
        <source>Released</source>
        <translation>已放行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="399"/>
        <source>Expires</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="413"/>
        <source>Implanted</source>
        <translation>已植入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="418"/>
        <source>e.g. OR 4</source>
        <translation>例如 4 号手术间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="422"/>
        <source>e.g. left tibia, mid-diaphysis</source>
        <translation>例如 左胫骨骨干中段</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="430"/>
        <source>&amp;Operating room</source>
        <translation>手术间(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="431"/>
        <source>Implant s&amp;ite</source>
        <translation>植入部位(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="432"/>
        <source>Ti&amp;me (site time)</source>
        <translation>时间（现场时间）(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="450"/>
        <source>Sign: &amp;implanted</source>
        <translation>签名：已植入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="471"/>
        <source>✔ IMPLANTED — recorded and signed</source>
        <translation>✔ 已植入 — 已记录并签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="485"/>
        <location filename="../../ui/pages/bedside.py" line="493"/>
        <source>SCAN NOW</source>
        <translation>请扫描</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="486"/>
        <source>WAITING</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="487"/>
        <source>Scan the construct&apos;s label (the DIN barcode)</source>
        <translation>扫描构建体标签（DIN 条码）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="494"/>
        <source>Scan the patient&apos;s wristband</source>
        <translation>扫描患者腕带</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="500"/>
        <source>Check the card against the patient, then sign</source>
        <translation>将卡片与患者核对，然后签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="502"/>
        <source>Implantation recorded</source>
        <translation>植入已记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="518"/>
        <source>✔ TYPED, NOT SCANNED</source>
        <translation>✔ 手动输入，未扫描</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="518"/>
        <source>✔ SCANNED</source>
        <translation>✔ 已扫描</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="555"/>
        <source>SOON — expires in {left}</source>
        <translation>即将过期 — {left}后过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="555"/>
        <source>expires in {left}</source>
        <translation>{left}后过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="563"/>
        <source>EXPIRED — do not implant</source>
        <translation>已过期 — 不得植入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="566"/>
        <source>EXPIRED</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="568"/>
        <source>EXPIRED — this construct expired at {when} while the card was open. Do not implant.</source>
        <translation>已过期 — 此构建体在卡片打开期间于 {when} 过期。不得植入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="605"/>
        <source>Already scanned; the match stands.</source>
        <translation>已扫描过；匹配结果仍然有效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="608"/>
        <source>A new scan started a new check; the previous one was cleared.</source>
        <translation>新的扫描开始了新的核对；之前的核对已清除。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="620"/>
        <source>That was a patient wristband ({what}). Scan the construct&apos;s label first; the wristband comes second.</source>
        <translation>这是患者腕带（{what}）。请先扫描构建体标签，再扫描腕带。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="627"/>
        <source>the construct&apos;s DIN label</source>
        <translation>构建体的 DIN 标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="633"/>
        <source>{code} was typed without its check character. Scan the DIN barcode, or type the DIN followed by the character in the box beside it.</source>
        <translation>输入的 {code} 缺少校验字符。请扫描 DIN 条码，或输入 DIN 并在其后加上旁边方框中的字符。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="649"/>
        <source>That is the construct again. Now scan the patient&apos;s wristband.</source>
        <translation>这仍是该构建体。现在请扫描患者腕带。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="653"/>
        <source>That is another construct ({what}). To check that one instead, press Start again. Now scan the patient&apos;s wristband.</source>
        <translation>这是另一个构建体（{what}）。如需改为核对该构建体，请按“重新开始”。现在请扫描患者腕带。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="660"/>
        <source>the patient&apos;s wristband</source>
        <translation>患者腕带</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="669"/>
        <source>That is not {wanted} ({kind}): {what}</source>
        <translation>这不是{wanted}（{kind}）：{what}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="689"/>
        <source>The check was not made: {error}</source>
        <translation>未能完成核对：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="711"/>
        <source>{born} (age {age})</source>
        <translation>{born}（{age} 岁）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="718"/>
        <source>(no product code on record)</source>
        <translation>（无产品代码记录）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="720"/>
        <source>by QA {name}, {when}</source>
        <translation>QA {name}，{when}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="725"/>
        <source>no QA release on record</source>
        <translation>无 QA 放行记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="731"/>
        <source>Construct: {construct}   ·   Wristband: {wristband}</source>
        <translation>构建体：{construct}   ·   腕带：{wristband}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="740"/>
        <source>typed, not scanned</source>
        <translation>手动输入，未扫描</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="740"/>
        <source>scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="745"/>
        <source>WRONG PATIENT</source>
        <translation>患者不符</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="748"/>
        <source>do not implant</source>
        <translation>不得植入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="752"/>
        <source>Construct ({how}): {what}.</source>
        <translation>构建体（{how}）：{what}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="758"/>
        <source>Wristband: {name}, MRN {mrn}.</source>
        <translation>腕带：{name}，病历号 {mrn}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="764"/>
        <source>Deviation {number} (critical) was raised for QA to investigate.</source>
        <translation>已发起偏差 {number}（关键），由 QA 调查。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="779"/>
        <source>Nothing was implanted. This check is on record. Set the construct aside, do not implant it, and call QA.</source>
        <translation>未进行任何植入。本次核对已记录。请将构建体放在一边，不得植入，并联系 QA。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="783"/>
        <source>Nothing was implanted. Set the construct aside and call QA.</source>
        <translation>未进行任何植入。请将构建体放在一边并联系 QA。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="786"/>
        <source>STOP — {title}: do not implant. {detail}</source>
        <translation>停止 — {title}：不得植入。{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="789"/>
        <source>Deviation {number} was raised.</source>
        <translation>已发起偏差 {number}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="791"/>
        <source>Start again with the right construct and wristband.</source>
        <translation>请使用正确的构建体和腕带重新开始。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="807"/>
        <location filename="../../ui/pages/bedside.py" line="808"/>
        <source>✖ required</source>
        <translation>✖ 必填</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="821"/>
        <source>Implantation of lot {din} {check} ({product}) into {name}, MRN {mrn}, born {born}; {room}, {site}, {when} (site time).</source>
        <translation>将批次 {din} {check}（{product}）植入 {name}，病历号 {mrn}，出生日期 {born}；{room}，{site}，{when}（现场时间）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="882"/>
        <source>Lot {din} into {name}, MRN {mrn}
{room}, {site}, {when} (site time)
{signature}</source>
        <translation>批次 {din} 植入 {name}，病历号 {mrn}
{room}，{site}，{when}（现场时间）
{signature}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/bedside.py" line="894"/>
        <source>Press Start again (or scan) for the next construct.</source>
        <translation>按“重新开始”（或扫描）核对下一个构建体。</translation>
    </message>
</context>
<context>
    <name>BuiltForm</name>
    <message>
        <location filename="../../ui/forms/culture.py" line="396"/>
        <source>Incubator</source>
        <translation>培养箱</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="397"/>
        <source>Asset tag, optional (e.g. INC-01)</source>
        <translation>设备编号，可选（例如 INC-01）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="408"/>
        <source>Vessels seeded</source>
        <translation>已接种容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="411"/>
        <source>Site seeding range {low}–{high} cells/cm² (outside it: a warning)</source>
        <translation>本中心接种范围 {low}–{high} cells/cm²（超出范围将警告）</translation>
    </message>
</context>
<context>
    <name>CalibrationForm</name>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="303"/>
        <source>Record the calibration of {tag}</source>
        <translation>记录 {tag} 的校准</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="305"/>
        <source>Record calibration</source>
        <translation>记录校准</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="309"/>
        <source>{tag}: {name}; calibration due {due}.</source>
        <translation>{tag}：{name}；校准到期日 {due}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="316"/>
        <source>Calibrated on</source>
        <translation>校准日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="318"/>
        <source>Next calibration due</source>
        <translation>下次校准到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="325"/>
        <source>Calibrated on cannot be in the future.</source>
        <translation>校准日期不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="334"/>
        <source>{tag} calibrated on {on}; next due {due}.</source>
        <translation>{tag} 已于 {on} 校准；下次到期 {due}。</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="194"/>
        <source>Vessel catalogue</source>
        <translation>培养容器目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="197"/>
        <source>The growth areas and harvest ceilings the culture forms use. Each vessel keeps the area it was seeded with: a change here applies to new vessels only.</source>
        <translation>培养表单使用的生长面积和收获上限。每个培养容器保留其接种时的面积：此处的更改仅适用于新容器。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="206"/>
        <source>You can read the catalogue. Only QA may change it.</source>
        <translation>您可以查看目录。只有 QA 可以更改。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="207"/>
        <source>change the vessel catalogue</source>
        <translation>更改培养容器目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="208"/>
        <source>&amp;Add vessel type…</source>
        <translation>添加培养容器类型(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="210"/>
        <source>&amp;Change…</source>
        <translation>更改(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="212"/>
        <location filename="../../ui/pages/admin/catalogue.py" line="248"/>
        <source>&amp;Retire…</source>
        <translation>停用(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="220"/>
        <source>Show retired types</source>
        <translation>显示已停用的类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="248"/>
        <source>Put back in &amp;use…</source>
        <translation>恢复使用(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="254"/>
        <source>Select a vessel type first.</source>
        <translation>请先选择一种培养容器类型。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="280"/>
        <source>{n} vessel types in use, {r} retired.</source>
        <translation>{n} 种培养容器类型在用，{r} 种已停用。</translation>
    </message>
</context>
<context>
    <name>CloseDeviationForm</name>
    <message>
        <location filename="../../ui/forms/deviations.py" line="298"/>
        <source>Close a deviation (QA)</source>
        <translation>关闭偏差（QA）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="303"/>
        <source>Close with signature…</source>
        <translation>签名并关闭…</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="310"/>
        <source>You raised {number}: another QA person must review and close it.</source>
        <translation>{number} 由您发起：须由另一名 QA 人员审核并关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="319"/>
        <source>the impact assessment</source>
        <translation>影响评估</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="320"/>
        <source>the corrective action</source>
        <translation>纠正措施</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="323"/>
        <source>Fill in {what} before closing.</source>
        <translation>关闭前请填写{what}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="330"/>
        <source>{number}</source>
        <translation>{number}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="353"/>
        <source>Deviation {number}: {title}</source>
        <translation>偏差 {number}：{title}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="359"/>
        <source>Sign: close deviation</source>
        <translation>签名：关闭偏差</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="362"/>
        <source>I reviewed this deviation&apos;s investigation and corrective action, and close it.</source>
        <translation>我已审核该偏差的调查和纠正措施，并予以关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="371"/>
        <source>{number} closed by {name}</source>
        <translation>{number} 已由 {name} 关闭</translation>
    </message>
</context>
<context>
    <name>ConsentForm</name>
    <message>
        <location filename="../../ui/forms/patients.py" line="746"/>
        <source>Informed consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="761"/>
        <source>Consent date</source>
        <translation>知情同意日期</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="763"/>
        <source>The date on the signed consent form; not in the future.</source>
        <translation>已签署知情同意书上的日期；不得晚于今天。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="768"/>
        <source>Consent form version</source>
        <translation>知情同意书版本</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="770"/>
        <source>As printed in the form&apos;s footer, e.g. ICF v2.0</source>
        <translation>以知情同意书页脚所印为准，例如 ICF v2.0</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="775"/>
        <source>Obtained by (user ID)</source>
        <translation>获取人（用户名）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="777"/>
        <source>The labtracker user ID of the investigator who obtained consent.</source>
        <translation>获取知情同意的研究者在 labtracker 中的用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="782"/>
        <source>Witness</source>
        <translation>见证人</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="784"/>
        <source>Name of the witness, if one signed the form.</source>
        <translation>见证人姓名（如有见证人签署）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="794"/>
        <source>No consent in force.</source>
        <translation>无有效的知情同意。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="799"/>
        <source>Consent in force: {version}, dated {when}.</source>
        <translation>有效的知情同意：{version}，签署日期 {when}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="809"/>
        <source>Enter the user ID of the person who obtained consent.</source>
        <translation>请输入获取知情同意人员的用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="821"/>
        <source>Consent {version} of {when} recorded for MRN {mrn}</source>
        <translation>已为病历号 {mrn} 记录知情同意 {version}（{when}）</translation>
    </message>
</context>
<context>
    <name>CorrectionsModel</name>
    <message>
        <location filename="../../ui/models/qa_review.py" line="385"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="386"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="387"/>
        <source>Old → new</source>
        <translation>原值 → 新值</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="388"/>
        <source>Who, when</source>
        <translation>人员，时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="389"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="405"/>
        <source>§{n} {entry}</source>
        <translation>§{n} {entry}</translation>
    </message>
</context>
<context>
    <name>CountSection</name>
    <message>
        <location filename="../../ui/forms/counts.py" line="141"/>
        <source>No count at this step</source>
        <translation>此步骤不计数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="142"/>
        <source>Hemocytometer (trypan blue)</source>
        <translation>血细胞计数板（台盼蓝）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="143"/>
        <source>Automated cell counter</source>
        <translation>自动细胞计数仪</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="146"/>
        <source>Count method</source>
        <translation>计数方法</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="149"/>
        <source>Hemocytometer: cells counted in the large squares. Counter: read its screen.</source>
        <translation>血细胞计数板：计数大方格内的细胞。计数仪：读取其屏幕数值。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="156"/>
        <source>Live cells counted</source>
        <translation>计数活细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="157"/>
        <location filename="../../ui/forms/counts.py" line="164"/>
        <source>cells</source>
        <translation>个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="158"/>
        <source>Unstained cells, summed over the squares counted; at least 1</source>
        <translation>未着色细胞，所计数方格的合计；至少 1</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="163"/>
        <source>Dead cells counted</source>
        <translation>计数死细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="165"/>
        <source>Blue (stained) cells over the same squares; 0 or more</source>
        <translation>同一组方格中的蓝色（着色）细胞；0 或以上</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="170"/>
        <source>Squares counted</source>
        <translation>计数方格数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="171"/>
        <source>large squares</source>
        <translation>个大方格</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="172"/>
        <source>1 to {n}</source>
        <translation>1 至 {n}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="177"/>
        <source>Dilution factor</source>
        <translation>稀释倍数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="179"/>
        <source>At least 1; 2 for cells mixed 1:1 with trypan blue</source>
        <translation>至少 1；细胞与台盼蓝 1:1 混合时为 2</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="185"/>
        <source>Live cells/mL (counter)</source>
        <translation>活细胞/mL（计数仪）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="186"/>
        <source>cells/mL</source>
        <translation>cells/mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="187"/>
        <source>The viable cell concentration on the counter&apos;s screen</source>
        <translation>计数仪屏幕上显示的活细胞浓度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="192"/>
        <source>Viability (counter)</source>
        <translation>活率（计数仪）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="194"/>
        <source>0 to 100 %</source>
        <translation>0 至 100 %</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="199"/>
        <source>Suspension volume</source>
        <translation>悬液体积</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="200"/>
        <source>mL</source>
        <translation>mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="201"/>
        <source>The volume the counted cells are suspended in; more than 0 mL</source>
        <translation>计数细胞所在悬液的体积；大于 0 mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="207"/>
        <source>Counted at</source>
        <translation>计数时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="209"/>
        <source>Site time; not before the step it belongs to</source>
        <translation>现场时间；不得早于其所属步骤</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="216"/>
        <source>Microscope or counter</source>
        <translation>显微镜或计数仪</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="218"/>
        <source>Asset tag, optional (e.g. MIC-01)</source>
        <translation>设备编号，可选（例如 MIC-01）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="222"/>
        <source>Live cells/mL</source>
        <translation>活细胞/mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="224"/>
        <source>Viability</source>
        <translation>活率</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="225"/>
        <source>Total live cells</source>
        <translation>活细胞总数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="289"/>
        <source>{label} is required.</source>
        <translation>{label}为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="359"/>
        <source>{n} cells/mL</source>
        <translation>{n} cells/mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="361"/>
        <source>{v} %</source>
        <translation>{v} %</translation>
    </message>
    <message>
        <location filename="../../ui/forms/counts.py" line="363"/>
        <source>{n} cells</source>
        <translation>{n} 个细胞</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../ui/__main__.py" line="273"/>
        <location filename="../../ui/crash.py" line="24"/>
        <source>labtracker: unexpected error</source>
        <translation>labtracker：意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="46"/>
        <source>Something went wrong and the last action may not have finished. Nothing was saved half-way: check the record before repeating the action, and tell the system administrator, who will find the details in the log file:
{log}

{error}</source>
        <translation>出现错误，上一个操作可能没有完成。不会保存只完成一半的数据：重复操作前请先核对记录，并通知系统管理员，详细信息在日志文件中：
{log}

{error}</translation>
    </message>
</context>
<context>
    <name>CriterionRow</name>
    <message>
        <location filename="../../ui/forms/patients.py" line="398"/>
        <source>Evidence: record, test, examination, interview</source>
        <translation>依据：记录、检查、体检、问诊</translation>
    </message>
</context>
<context>
    <name>CustodyModel</name>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="669"/>
        <source>Packed</source>
        <translation>已包装</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="670"/>
        <source>Dispatched</source>
        <translation>已发出</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="671"/>
        <source>Handed over</source>
        <translation>已交接</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="672"/>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="673"/>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="676"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="677"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="678"/>
        <source>From</source>
        <translation>交出方</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="679"/>
        <source>To</source>
        <translation>接收方</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="680"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="681"/>
        <source>Seal / logger / shipper</source>
        <translation>封签 / 温度记录仪 / 运输箱</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="682"/>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="703"/>
        <source>Label scanned: {label}</source>
        <translation>已扫描标签：{label}</translation>
    </message>
</context>
<context>
    <name>DatabaseUrlForm</name>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="381"/>
        <source>Set this station&apos;s database</source>
        <translation>设置本工作站的数据库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="383"/>
        <source>Write to settings file</source>
        <translation>写入设置文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="389"/>
        <source>Writes database_url into {file}. This station keeps using its present database until labtracker is started again; then it opens (and if needed upgrades) the new one.</source>
        <translation>将 database_url 写入 {file}。在 labtracker 重新启动之前，本工作站继续使用当前数据库；重启后将打开新数据库（如有需要会升级其结构）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="398"/>
        <source>Warning: {variable} is set on this PC and wins over the settings file; remove it for this setting to apply.</source>
        <translation>警告：本机设置了 {variable}，其优先于设置文件；须将其删除，此设置才会生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="407"/>
        <source>Database URL</source>
        <translation>数据库 URL</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="409"/>
        <source>sqlite:///path/to/file.sqlite3, or postgresql://user@host:port/database</source>
        <translation>sqlite:///path/to/file.sqlite3，或 postgresql://user@host:port/database</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="414"/>
        <source>Database password</source>
        <translation>数据库密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="417"/>
        <source>Optional; never shown on screen. It is stored in the settings file (on Linux readable by this account only).</source>
        <translation>可选；绝不在屏幕上显示。密码保存在设置文件中（在 Linux 上仅本账户可读）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="422"/>
        <source>Written into the settings file beside the URL, with your name and the time.</source>
        <translation>与您的姓名和时间一起写入设置文件中 URL 的旁边。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="429"/>
        <source>Type the database URL.</source>
        <translation>请输入数据库 URL。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="438"/>
        <source>database_url {url} written to {file}; used from the next start.</source>
        <translation>已将 database_url {url} 写入 {file}；下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>DeactivateForm</name>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="284"/>
        <source>Deactivate {username}</source>
        <translation>停用 {username}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="286"/>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="290"/>
        <source>Warning: a deactivated account cannot sign in or sign again, and cannot be re-activated here. Its records and signatures stay; the user ID {username} is never given to anyone else.</source>
        <translation>警告：停用的账户不能再登录或签名，也不能在此重新启用。其记录和签名保留；用户名 {username} 绝不会分配给他人。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="296"/>
        <source>I understand: {username} can no longer sign in.</source>
        <translation>我已了解：{username} 将不能再登录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="300"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="305"/>
        <source>Tick the box to confirm the deactivation.</source>
        <translation>请勾选以确认停用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="308"/>
        <source>{username} deactivated.</source>
        <translation>已停用 {username}。</translation>
    </message>
</context>
<context>
    <name>DecideLotForm</name>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="209"/>
        <source>Release {code} for use</source>
        <translation>放行 {code} 供使用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="209"/>
        <source>Reject {code}</source>
        <translation>拒收 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="211"/>
        <source>Release for use</source>
        <translation>放行使用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="211"/>
        <source>Reject lot</source>
        <translation>拒收该批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="216"/>
        <source>{code}: {what}, lot {number}, expires {expiry}.</source>
        <translation>{code}：{what}，批号 {number}，有效期至 {expiry}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="223"/>
        <source>Released, it can be used in any lot until it expires. Check its certificate of analysis and condition on receipt first.</source>
        <translation>放行后，在有效期内可用于任何批次。请先核对其检验报告书及接收时的状态。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="227"/>
        <source>Warning: a rejected lot can never be used, and this cannot be undone.</source>
        <translation>警告：被拒收的批号永远不能使用，且此操作不可撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="233"/>
        <source>e.g. CoA checked, within specification</source>
        <translation>例如 已核对检验报告书，符合标准</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="235"/>
        <source>e.g. container damaged on receipt</source>
        <translation>例如 接收时容器破损</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="248"/>
        <source>released for use</source>
        <translation>已放行使用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="248"/>
        <source>rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="249"/>
        <source>{code} {word}.</source>
        <translation>{code} {word}。</translation>
    </message>
</context>
<context>
    <name>DeviationTableModel</name>
    <message>
        <location filename="../../ui/models/home_tables.py" line="174"/>
        <source>minor</source>
        <translation>次要</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="175"/>
        <source>MAJOR</source>
        <translation>主要</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="176"/>
        <source>CRITICAL</source>
        <translation>关键</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="180"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="182"/>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="183"/>
        <source>(site)</source>
        <translation>（本中心）</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="187"/>
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="192"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="194"/>
        <source>Open for</source>
        <translation>未关闭时长</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="198"/>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="204"/>
        <source>QA to close</source>
        <translation>待 QA 关闭</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="205"/>
        <source>Assessment needed</source>
        <translation>需要评估</translation>
    </message>
</context>
<context>
    <name>DeviationsModel</name>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="519"/>
        <source>Minor</source>
        <translation>次要</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="520"/>
        <source>Major</source>
        <translation>主要</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="521"/>
        <source>CRITICAL</source>
        <translation>关键</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="524"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="525"/>
        <source>Occurred</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="526"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="527"/>
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="528"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="529"/>
        <source>Raised by</source>
        <translation>发起人</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="530"/>
        <location filename="../../ui/models/lot_page_models.py" line="545"/>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="545"/>
        <source>OPEN</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="551"/>
        <source>{when} by {name}</source>
        <translation>{when}，{name}</translation>
    </message>
</context>
<context>
    <name>DeviationsPage</name>
    <message>
        <location filename="../../ui/pages/deviations.py" line="33"/>
        <source>Open deviations</source>
        <translation>未关闭的偏差</translation>
    </message>
    <message>
        <location filename="../../ui/pages/deviations.py" line="51"/>
        <source>Assess…</source>
        <translation>评估…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/deviations.py" line="52"/>
        <source>Close (QA)…</source>
        <translation>关闭（QA）…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/deviations.py" line="53"/>
        <source>Open the lot</source>
        <translation>打开批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/deviations.py" line="54"/>
        <source>Raise a deviation…</source>
        <translation>发起偏差…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/deviations.py" line="78"/>
        <source>{n} open deviation(s)</source>
        <translation>{n} 个未关闭的偏差</translation>
    </message>
    <message>
        <location filename="../../ui/pages/deviations.py" line="78"/>
        <source>None open.</source>
        <translation>没有未关闭的偏差。</translation>
    </message>
</context>
<context>
    <name>DiscardForm</name>
    <message>
        <location filename="../../ui/forms/deviations.py" line="55"/>
        <source>The whole lot</source>
        <translation>整个批次</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="56"/>
        <source>One vessel</source>
        <translation>单个培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="57"/>
        <source>The construct</source>
        <translation>构建体</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="383"/>
        <source>Discard (witnessed)</source>
        <translation>销毁（有见证人）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="394"/>
        <location filename="../../ui/forms/deviations.py" line="447"/>
        <source>Discard</source>
        <translation>销毁</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="406"/>
        <source>Vessel</source>
        <translation>培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="408"/>
        <source>Scan the vessel&apos;s label (only when discarding one vessel).</source>
        <translation>扫描培养容器标签（仅在销毁单个容器时）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="415"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="417"/>
        <source>Why it is destroyed (at most 2,000 characters).</source>
        <translation>销毁原因（最多 2,000 个字符）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="421"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="426"/>
        <source>Deviation</source>
        <translation>偏差</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="428"/>
        <source>The open deviation this discard belongs to, if any.</source>
        <translation>本次销毁所属的未关闭偏差（如有）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="431"/>
        <source>Witness</source>
        <translation>见证人</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="434"/>
        <source>Witness user ID</source>
        <translation>见证人用户名</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="436"/>
        <source>A different person, allowed to discard (technician, verifier or QA).</source>
        <translation>另一位有销毁权限的人员（技术员、复核人或 QA）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="441"/>
        <source>Witness password</source>
        <translation>见证人密码</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="443"/>
        <source>Typed by the witness. It is checked like a signature.</source>
        <translation>由见证人输入，按签名方式校验。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="462"/>
        <source>The witness must be a different person from you ({name}).</source>
        <translation>见证人必须是您（{name}）以外的另一个人。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="467"/>
        <source>Reason must be at most 2,000 characters.</source>
        <translation>原因最多 2,000 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="469"/>
        <location filename="../../ui/forms/deviations.py" line="503"/>
        <source>Choose what is discarded.</source>
        <translation>请选择销毁对象。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="475"/>
        <source>DISCARD vessel {code}; the lot goes on.</source>
        <translation>销毁培养容器 {code}；批次继续。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="478"/>
        <source>the whole lot</source>
        <translation>整个批次</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="478"/>
        <source>the construct</source>
        <translation>构建体</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="483"/>
        <source>DISCARD {what}: lot {din} becomes Discarded, for good. It cannot be undone.</source>
        <translation>销毁{what}：批次 {din} 将永久变为“已销毁”，不可撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="505"/>
        <source>A witness must enter their user ID.</source>
        <translation>见证人必须输入其用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="507"/>
        <source>The witness must enter their password.</source>
        <translation>见证人必须输入其密码。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="528"/>
        <source>Discarded {what}, witnessed by {witness}</source>
        <translation>已销毁{what}，见证人 {witness}</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <location filename="../../ui/i18n.py" line="32"/>
        <source>Created (awaiting aspirate)</source>
        <extracomment>The languages offered on the sign-in screen, by code, each named in itself.</extracomment>
        <translation>已创建（等待骨髓抽吸液）</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="33"/>
        <source>Aspirate collected</source>
        <translation>骨髓抽吸液已采集</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="34"/>
        <source>Received in lab</source>
        <translation>实验室已接收</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="35"/>
        <source>In culture</source>
        <translation>培养中</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="36"/>
        <source>In osteogenic induction</source>
        <translation>成骨诱导中</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="37"/>
        <source>Seeded on scaffold (quarantine)</source>
        <translation>已接种支架（待验）</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="38"/>
        <source>Released by QA</source>
        <translation>已由 QA 放行</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="39"/>
        <source>Rejected by QA</source>
        <translation>已被 QA 拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="40"/>
        <source>Dispatched to theatre</source>
        <translation>已送往手术室</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="41"/>
        <source>Implanted</source>
        <translation>已植入</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="42"/>
        <source>Discarded</source>
        <translation>已销毁</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="43"/>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="44"/>
        <source>Supervisor / verifier</source>
        <translation>主管 / 复核人</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="45"/>
        <source>QA</source>
        <translation>QA</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="46"/>
        <source>Surgeon</source>
        <translation>外科医生</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="47"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="48"/>
        <source>performed</source>
        <translation>执行</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="49"/>
        <source>verified</source>
        <translation>复核</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="50"/>
        <source>reviewed</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="51"/>
        <source>approved for release</source>
        <translation>批准放行</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="52"/>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="53"/>
        <source>implanted</source>
        <translation>已植入</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="54"/>
        <source>approved</source>
        <translation>批准</translation>
    </message>
</context>
<context>
    <name>DraftSpecificationDialog</name>
    <message>
        <location filename="../../ui/pages/specifications.py" line="92"/>
        <location filename="../../ui/pages/specifications.py" line="98"/>
        <source>New version of {code}</source>
        <translation>{code} 的新版本</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="103"/>
        <source>Starts from {label}. Saved as a draft: nothing is judged against it until a second QA person approves it with an e-signature. Double-click a cell (or press F2) to change it.</source>
        <translation>以 {label} 为基础。保存为草稿：在第二名 QA 人员以电子签名批准之前，不会据此判定任何结果。双击单元格（或按 F2）进行修改。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="111"/>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="138"/>
        <source>&amp;Add criterion</source>
        <translation>添加标准(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="139"/>
        <source>Re&amp;move criterion</source>
        <translation>删除标准(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="148"/>
        <source>&amp;Reason for the change:</source>
        <translation>更改原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="161"/>
        <source>&amp;Save draft</source>
        <translation>保存草稿(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="161"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="182"/>
        <source>Row {row}, {column}: {message}</source>
        <translation>第 {row} 行，{column}：{message}</translation>
    </message>
</context>
<context>
    <name>DraftTemplateDialog</name>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="80"/>
        <location filename="../../ui/pages/label_templates.py" line="85"/>
        <source>New label template version</source>
        <translation>新的标签模板版本</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="89"/>
        <source>The new version carries the layout this labtracker draws for the kind on the stock. It is a draft until a second QA person approves it; the approved version it replaces is then retired.</source>
        <translation>新版本采用本 labtracker 为该种类和标签纸绘制的版式。在第二名 QA 人员批准之前为草稿；批准后，被其替代的已批准版本将停用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="112"/>
        <source>Empty: the stock&apos;s usual printer (203 dpi for roll labels)</source>
        <translation>留空：使用该标签纸的常用打印机（卷装标签为 203 dpi）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="117"/>
        <source>&amp;Kind:</source>
        <translation>种类(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="118"/>
        <source>&amp;Stock:</source>
        <translation>标签纸(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="119"/>
        <source>&amp;Printer dpi:</source>
        <translation>打印机 dpi(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="120"/>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="125"/>
        <source>&amp;Save draft</source>
        <translation>保存草稿(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="125"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="140"/>
        <source>Printer dpi must be a whole number; you entered {text}.</source>
        <translation>打印机 dpi 必须为整数；您输入的是 {text}。</translation>
    </message>
</context>
<context>
    <name>EligibilityForm</name>
    <message>
        <location filename="../../ui/forms/patients.py" line="352"/>
        <source>ELIGIBLE</source>
        <translation>符合入组条件</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="353"/>
        <source>NOT ELIGIBLE</source>
        <translation>不符合入组条件</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="354"/>
        <source>PENDING</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="359"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="360"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="361"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="415"/>
        <source>Eligibility assessment (NCT07066228)</source>
        <translation>入组资格评估（NCT07066228）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="429"/>
        <source>Assessed at</source>
        <translation>评估时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="431"/>
        <source>Site time; not in the future.</source>
        <translation>现场时间；不得晚于当前时间。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="434"/>
        <source>Measurements</source>
        <translation>测量值</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="437"/>
        <source>Defect length</source>
        <translation>骨缺损长度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="438"/>
        <source>e.g. 2.4</source>
        <translation>例如 2.4</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="440"/>
        <source>0.1–50 cm, from imaging. I2 needs 2–3 cm.</source>
        <translation>0.1–50 cm，来自影像学检查。I2 要求 2–3 cm。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="445"/>
        <source>Defect cross-section</source>
        <translation>骨缺损横截面占比</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="446"/>
        <source>e.g. 45</source>
        <translation>例如 45</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="448"/>
        <source>0–100 % of the bone&apos;s cross-section. I2 needs more than 30 %.</source>
        <translation>占骨横截面的 0–100 %。I2 要求大于 30 %。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="453"/>
        <source>BMD T-score</source>
        <translation>骨密度 T 值</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="454"/>
        <source>e.g. -0.8</source>
        <translation>例如 -0.8</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="455"/>
        <source>SD (T-score)</source>
        <translation>SD（T 值）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="456"/>
        <source>−10 to 10, from DXA. Below −2.5 excludes (E3).</source>
        <translation>−10 至 10，来自 DXA。低于 −2.5 排除（E3）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="461"/>
        <source>Inclusion: I1, and I2 or I3</source>
        <translation>入选标准：I1，以及 I2 或 I3</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="462"/>
        <source>Exclusion: any Yes excludes</source>
        <translation>排除标准：任一项为“是”即排除</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="477"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="491"/>
        <source>Evidence for {code}: note the record, test or interview.</source>
        <translation>{code} 的依据：注明记录、检查或问诊。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="508"/>
        <source>−10 to 10</source>
        <translation>−10 至 10</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="512"/>
        <source>Enter the MRN first.</source>
        <translation>请先输入病历号。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="513"/>
        <source>Outcome: enter the patient&apos;s MRN.</source>
        <translation>结论：请输入患者病历号。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="518"/>
        <source>YES</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="518"/>
        <source>NO</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="518"/>
        <source>NOT KNOWN</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="527"/>
        <source>{word} (computed): {evidence}</source>
        <translation>{word}（计算得出）：{evidence}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="536"/>
        <source>{word}: every criterion met.</source>
        <translation>{word}：所有标准均满足。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="538"/>
        <source>{word} because {reasons}</source>
        <translation>{word}，原因：{reasons}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="540"/>
        <source>{word}: {reasons}</source>
        <translation>{word}：{reasons}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="547"/>
        <source>Scan the wristband or type the patient&apos;s MRN.</source>
        <translation>扫描腕带或输入患者病历号。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="564"/>
        <source>{name} (MRN {mrn}): {outcome}</source>
        <translation>{name}（病历号 {mrn}）：{outcome}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="650"/>
        <source>, signed by {name}</source>
        <translation>，已由 {name} 签名</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="592"/>
        <source>Assessment recorded as &lt;b&gt;PENDING&lt;/b&gt;: it cannot be signed until every criterion is answered. {reasons}</source>
        <translation>评估已记录为&lt;b&gt;待定&lt;/b&gt;：所有标准均作答后才能签名。{reasons}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="597"/>
        <source>Assessment recorded: &lt;b&gt;{outcome}&lt;/b&gt;, &lt;b&gt;not signed&lt;/b&gt;. It counts only once the investigator signs it (Sign eligibility).</source>
        <translation>评估已记录：&lt;b&gt;{outcome}&lt;/b&gt;，&lt;b&gt;未签名&lt;/b&gt;。研究者签名后方才生效（签署入组资格）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="625"/>
        <source>An investigator must sign this assessment: the investigator enters their own user ID and password here. Or choose Not now; it stays unsigned and no lot can start.</source>
        <translation>此评估须由研究者签名：研究者在此输入本人的用户名和密码。或选择“暂不”；评估保持未签名状态，无法启动批次。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="631"/>
        <source>Sign: eligibility (investigator)</source>
        <translation>签名：入组资格（研究者）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="633"/>
        <source>I, the trial investigator, confirm this eligibility assessment and its outcome.</source>
        <translation>本人作为试验研究者，确认此入组资格评估及其结论。</translation>
    </message>
</context>
<context>
    <name>EndInductionForm</name>
    <message>
        <location filename="../../ui/forms/induction.py" line="52"/>
        <source>Not done</source>
        <translation>未做</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="53"/>
        <source>Positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="54"/>
        <source>Negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="55"/>
        <source>Weak</source>
        <translation>弱阳性</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="311"/>
        <source>End osteogenic induction</source>
        <translation>结束成骨诱导</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="323"/>
        <source>Ended at</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="325"/>
        <location filename="../../ui/forms/induction.py" line="350"/>
        <source>Site time</source>
        <translation>现场时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="331"/>
        <source>ALP stain</source>
        <translation>ALP 染色</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="332"/>
        <source>Alizarin red stain</source>
        <translation>茜素红染色</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="338"/>
        <source>As read at the end</source>
        <translation>以结束时的读取结果为准</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="340"/>
        <source>Induction started</source>
        <translation>诱导开始</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="341"/>
        <source>Length of induction</source>
        <translation>诱导时长</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="343"/>
        <source>This lot has no induction in progress to end.</source>
        <translation>该批次没有进行中的诱导可结束。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="357"/>
        <source>{d} days</source>
        <translation>{d} 天</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="362"/>
        <source>{d} days: within the usual {low}–{high} days</source>
        <translation>{d} 天：在通常的 {low}–{high} 天范围内</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="370"/>
        <source>Warning: {d} days; induction usually takes {low}–{high} days</source>
        <translation>警告：{d} 天；诱导通常需要 {low}–{high} 天</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="386"/>
        <source>lot {din}: induction from {start} to {end} ({days} days); ALP {alp}, Alizarin red {ar}</source>
        <translation>批次 {din}：诱导自 {start} 至 {end}（{days} 天）；ALP {alp}，茜素红 {ar}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="396"/>
        <source>Warnings: {w}</source>
        <translation>警告：{w}</translation>
    </message>
</context>
<context>
    <name>EndScaffoldIncubationForm</name>
    <message>
        <location filename="../../ui/forms/induction.py" line="626"/>
        <source>End scaffold incubation</source>
        <translation>结束支架孵育</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="637"/>
        <source>Incubation ended at</source>
        <translation>孵育结束时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="639"/>
        <source>Site time; after the incubation started</source>
        <translation>现场时间；晚于孵育开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="644"/>
        <source>Recording the end completes the scaffold seeding record; you then sign it as performed. Any signature made on it before no longer applies.</source>
        <translation>记录结束时间即完成支架接种记录；随后您以“执行”签名。此前在该记录上的签名将不再有效。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="651"/>
        <source>Incubation started</source>
        <translation>孵育开始</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="652"/>
        <source>Incubation time</source>
        <translation>孵育时长</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="654"/>
        <source>This lot has no scaffold incubation in progress.</source>
        <translation>该批次没有进行中的支架孵育。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="668"/>
        <source>{h} h ({d} days)</source>
        <translation>{h} h（{d} 天）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="676"/>
        <source>scaffold seeding of lot {din}, incubated from {start} to {end} ({hours} h)</source>
        <translation>批次 {din} 的支架接种，孵育自 {start} 至 {end}（{hours} h）</translation>
    </message>
</context>
<context>
    <name>EntryFieldsModel</name>
    <message>
        <location filename="../../ui/models/qa_review.py" line="216"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="216"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="216"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
</context>
<context>
    <name>EquipmentModel</name>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="168"/>
        <source>Asset tag</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="169"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="170"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="171"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="173"/>
        <source>Calibrated
on</source>
        <translation>校准
日期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="176"/>
        <source>Calibration
due</source>
        <translation>校准
到期日</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="178"/>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="194"/>
        <source>Out of service: do not use</source>
        <translation>停用：不得使用</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="196"/>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="199"/>
        <source>No calibration date</source>
        <translation>无校准日期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="201"/>
        <source>Overdue: do not use</source>
        <translation>已逾期：不得使用</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="204"/>
        <source>Due in {n} days</source>
        <translation>{n} 天后到期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="204"/>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="205"/>
        <source>In calibration</source>
        <translation>在校准期内</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <location filename="../../ui/first_run.py" line="56"/>
        <source>Set up this laboratory</source>
        <translation>设置本实验室</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="61"/>
        <source>This database is new. Name the site as it appears on labels and records, give its ISBT 128 facility identification number (5 characters, e.g. A9999) and its time zone, and create the first administrator. The administrator then adds the technicians, QA and surgeons.</source>
        <translation>这是一个新数据库。请填写本中心在标签和记录上显示的名称、其 ISBT 128 机构识别码（5 个字符，例如 A9999）和时区，并创建第一位管理员。之后由管理员添加技术员、QA 和外科医生。</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="85"/>
        <source>Site name</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="86"/>
        <source>Facility code</source>
        <translation>机构代码</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="87"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="88"/>
        <source>Administrator user ID</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="89"/>
        <source>Administrator full name</source>
        <translation>管理员姓名</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="90"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="91"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="97"/>
        <source>Set up the site</source>
        <translation>设置中心</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="116"/>
        <source>The two passwords differ; type them again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>GrowthChart</name>
    <message>
        <location filename="../../ui/growth_chart.py" line="63"/>
        <source>Plated</source>
        <translation>接种</translation>
    </message>
    <message>
        <location filename="../../ui/growth_chart.py" line="151"/>
        <source>No harvest counted yet</source>
        <translation>尚无收获计数</translation>
    </message>
    <message>
        <location filename="../../ui/growth_chart.py" line="255"/>
        <source>Days since isolation (d)</source>
        <translation>分离后天数（d）</translation>
    </message>
    <message>
        <location filename="../../ui/growth_chart.py" line="260"/>
        <source>Cumulative population doublings (PD)</source>
        <translation>累计群体倍增数（PD）</translation>
    </message>
    <message>
        <location filename="../../ui/growth_chart.py" line="267"/>
        <source>Cells (log scale)</source>
        <translation>细胞数（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../ui/growth_chart.py" line="289"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/growth_chart.py" line="343"/>
        <source>Cumulative PD (left axis)</source>
        <translation>累计 PD（左轴）</translation>
    </message>
    <message>
        <location filename="../../ui/growth_chart.py" line="344"/>
        <source>Cells plated, then harvested (right axis)</source>
        <translation>接种细胞数，随后为收获细胞数（右轴）</translation>
    </message>
    <message>
        <location filename="../../ui/growth_chart.py" line="347"/>
        <source>Projected ready</source>
        <translation>预计就绪</translation>
    </message>
</context>
<context>
    <name>HandoverForm</name>
    <message>
        <location filename="../../ui/forms/custody.py" line="23"/>
        <source>Packed</source>
        <translation>已包装</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="24"/>
        <source>Dispatched</source>
        <translation>已发出</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="25"/>
        <source>Handed over</source>
        <translation>已交接</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="26"/>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="27"/>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="34"/>
        <source>Custody hand-over</source>
        <translation>交接</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="45"/>
        <source>Construct label</source>
        <translation>构建体标签</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="48"/>
        <source>Scan the DIN barcode on the construct&apos;s label now, or type the DIN with the check character printed in the box.</source>
        <translation>现在扫描构建体标签上的 DIN 条码，或输入 DIN 以及方框中印的校验字符。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="56"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="71"/>
        <source>From (person)</source>
        <translation>交出人</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="77"/>
        <source>From (place)</source>
        <translation>交出地点</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="79"/>
        <source>Filled in from the last hand-over; correct it if it is not so.</source>
        <translation>根据上一次交接自动填写；如不符请更正。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="83"/>
        <source>To (person)</source>
        <translation>接收人</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="87"/>
        <source>To (place)</source>
        <translation>接收地点</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="89"/>
        <source>e.g. Transport box T-3, Operating theatre 4</source>
        <translation>例如 运输箱 T-3、4 号手术室</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="94"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="95"/>
        <source>e.g. 6</source>
        <translation>例如 6</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="97"/>
        <source>Read now; −200 to 60 °C. The construct travels at 2–8 °C.</source>
        <translation>当前读数；−200 至 60 °C。构建体在 2–8 °C 下运输。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="100"/>
        <source>Shipper</source>
        <translation>运输箱</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="103"/>
        <source>Temperature logger</source>
        <translation>温度记录仪</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="105"/>
        <source>The logger&apos;s ID, if one travels with it.</source>
        <translation>随行温度记录仪的编号（如有）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="107"/>
        <source>Seal number</source>
        <translation>封签编号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="110"/>
        <source>Occurred at</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="112"/>
        <source>Site time; not before the previous hand-over, not in the future.</source>
        <translation>现场时间；不得早于上一次交接，不得晚于当前时间。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="115"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="118"/>
        <source>Expires</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="119"/>
        <source>Last holder</source>
        <translation>上一持有人</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="120"/>
        <source>{holder} — {location}, since {when}</source>
        <translation>{holder} — {location}，自 {when} 起</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="135"/>
        <source>no expiry set</source>
        <translation>未设置有效期</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="140"/>
        <source>{when} (in {h:.0f} h)</source>
        <translation>{when}（{h:.0f} h 后）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="142"/>
        <source>EXPIRED {when}</source>
        <translation>已于 {when} 过期</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="144"/>
        <source>−200 to 60 °C</source>
        <translation>−200 至 60 °C</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="147"/>
        <location filename="../../ui/forms/custody.py" line="178"/>
        <location filename="../../ui/forms/custody.py" line="201"/>
        <source>Scan the construct&apos;s label.</source>
        <translation>请扫描构建体标签。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="152"/>
        <source>WRONG LABEL: not this lot&apos;s construct.</source>
        <translation>标签错误：不是本批次的构建体。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="156"/>
        <source>This label is lot {other}, not lot {din}.</source>
        <translation>此标签属于批次 {other}，而非批次 {din}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="162"/>
        <source>CHECK CHARACTER MISSING</source>
        <translation>缺少校验字符</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="166"/>
        <source>Type the check character printed in the box beside the DIN too, or scan the barcode.</source>
        <translation>请同时输入 DIN 旁方框中印的校验字符，或扫描条码。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="173"/>
        <source>LABEL MATCHES lot {din} {check}.</source>
        <translation>标签匹配批次 {din} {check}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="182"/>
        <source>That is not the construct&apos;s DIN label ({what}).</source>
        <translation>这不是构建体的 DIN 标签（{what}）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="210"/>
        <source>wrong label</source>
        <translation>标签错误</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="212"/>
        <source>This label is lot {other}.

This hand-over is for lot {din} {check}, patient {name} (MRN {mrn}).</source>
        <translation>此标签属于批次 {other}。

本次交接针对批次 {din} {check}，患者 {name}（病历号 {mrn}）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="222"/>
        <source>Wrong label: nothing was recorded.</source>
        <translation>标签错误：未记录任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="225"/>
        <source>Choose what happened.</source>
        <translation>请选择发生的事件。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/custody.py" line="244"/>
        <source>{event}: {giver} → {taker} ({place})</source>
        <translation>{event}：{giver} → {taker}（{place}）</translation>
    </message>
</context>
<context>
    <name>HardStop</name>
    <message>
        <location filename="../../ui/hard_stop.py" line="31"/>
        <source>Nothing was recorded. Put the item aside, check it against the lot and the patient, and tell your supervisor.</source>
        <translation>未记录任何内容。请将该物品放在一边，与批次和患者进行核对，并通知主管。</translation>
    </message>
    <message>
        <location filename="../../ui/hard_stop.py" line="65"/>
        <source>STOP: {title}</source>
        <translation>停止：{title}</translation>
    </message>
    <message>
        <location filename="../../ui/hard_stop.py" line="72"/>
        <source>STOP — {title}</source>
        <translation>停止 — {title}</translation>
    </message>
    <message>
        <location filename="../../ui/hard_stop.py" line="82"/>
        <source>I have set it aside — acknowledge</source>
        <translation>我已将其放在一边 — 确认</translation>
    </message>
</context>
<context>
    <name>HarvestForm</name>
    <message>
        <location filename="../../ui/forms/culture.py" line="739"/>
        <source>Harvest</source>
        <translation>收获</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="751"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="752"/>
        <source>Scan the label of each vessel harvested into this suspension.</source>
        <translation>扫描收获至此悬液中的每个培养容器的标签。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="754"/>
        <source>No vessel scanned yet: scan each vessel&apos;s label.</source>
        <translation>尚未扫描培养容器：请扫描每个容器的标签。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="757"/>
        <source>Vessels harvested</source>
        <translation>已收获容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="759"/>
        <source>Vessels of one passage may be pooled into one suspension</source>
        <translation>同一代次的培养容器可合并为一份悬液</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="767"/>
        <source>Harvested at</source>
        <translation>收获时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="769"/>
        <source>Site time; after the vessels were seeded</source>
        <translation>现场时间；晚于培养容器接种时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="775"/>
        <source>Confluence</source>
        <translation>汇合度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="778"/>
        <source>0 to 100 %, as seen under the microscope; optional</source>
        <translation>0 至 100 %，以显微镜下观察为准；可选</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="781"/>
        <source>Harvest count</source>
        <translation>收获计数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="783"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="783"/>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="784"/>
        <source>Cells seeded</source>
        <translation>接种细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="785"/>
        <source>Time in culture</source>
        <translation>培养时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="786"/>
        <source>Population doublings</source>
        <translation>群体倍增数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="787"/>
        <source>Doubling time</source>
        <translation>倍增时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="788"/>
        <source>Cumulative PD</source>
        <translation>累计 PD</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="817"/>
        <source>Vessel {code} is already on the list.</source>
        <translation>培养容器 {code} 已在列表中。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="819"/>
        <source>Vessel {code} was voided; it cannot be harvested.</source>
        <translation>培养容器 {code} 已作废，不能收获。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="822"/>
        <source>Vessel {code} is already {state}; it cannot be harvested again.</source>
        <translation>培养容器 {code} 已{state}，不能再次收获。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="828"/>
        <source>Vessel {code} is P{p}; the vessels on the list are P{q}. Vessels of different passages cannot be pooled.</source>
        <translation>培养容器 {code} 为 P{p}；列表中的容器为 P{q}。不同代次的容器不能合并。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="837"/>
        <source>{code}  ·  {type}, P{p}  ·  seeded {cells} cells on {when}</source>
        <translation>{code}  ·  {type}，P{p}  ·  于 {when} 接种 {cells} 个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="865"/>
        <source>{n} cells in {v} vessels</source>
        <translation>{v} 个容器中共 {n} 个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="876"/>
        <source>{h} h ({d} days)</source>
        <translation>{h} h（{d} 天）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="887"/>
        <source>no growth (harvested ≤ seeded)</source>
        <translation>无增殖（收获数 ≤ 接种数）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="889"/>
        <source>{h} h</source>
        <translation>{h} h</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="917"/>
        <source>Scan at least one vessel of this lot.</source>
        <translation>请至少扫描本批次的一个培养容器。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="932"/>
        <source>wrong lot</source>
        <translation>批次不符</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="935"/>
        <source>no doubling time (no growth)</source>
        <translation>无倍增时间（无增殖）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="937"/>
        <source>doubling time {h} h</source>
        <translation>倍增时间 {h} h</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="940"/>
        <source>P{p} of lot {din}, vessels {codes}; {total} live cells ({viability} % viable); PD {pd}, {dt}</source>
        <translation>批次 {din} 的 P{p}，培养容器 {codes}；活细胞 {total} 个（活率 {viability} %）；PD {pd}，{dt}</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../ui/pages/home.py" line="188"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="192"/>
        <source>&amp;Refresh (F5)</source>
        <translation>刷新(&amp;R) (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="239"/>
        <source>Your roles have nothing to show here.</source>
        <translation>您的角色在此没有可显示的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="286"/>
        <source>{n} open lot(s)</source>
        <translation>{n} 个进行中的批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="288"/>
        <source>{n} need action now</source>
        <translation>{n} 个需立即处理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="290"/>
        <source>{n} due today</source>
        <translation>{n} 个今天到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="295"/>
        <source>Work today</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="296"/>
        <location filename="../../ui/pages/home.py" line="329"/>
        <source>Nothing waiting.</source>
        <translation>没有待办事项。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="302"/>
        <source>BLOCKED / EXPIRED / OVERDUE: act now.   DUE: today.   later: waiting.   Enter or double-click opens a lot.</source>
        <translation>受阻 / 已过期 / 已逾期：请立即处理。   到期：今天。   稍后：等待中。   按 Enter 或双击打开批次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="319"/>
        <source>{n} lot(s)</source>
        <translation>{n} 个批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="321"/>
        <source>{n} ready for release</source>
        <translation>{n} 个可放行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="323"/>
        <source>{n} with a failed result</source>
        <translation>{n} 个有不合格结果</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="328"/>
        <source>Awaiting QA review and release</source>
        <translation>等待 QA 审核与放行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="348"/>
        <source>{n} open</source>
        <translation>{n} 个未关闭</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="350"/>
        <source>{n} critical</source>
        <translation>{n} 个关键</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="352"/>
        <source>{n} major</source>
        <translation>{n} 个主要</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="362"/>
        <source>Open deviations</source>
        <translation>未关闭的偏差</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="363"/>
        <source>No open deviations.</source>
        <translation>没有未关闭的偏差。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="388"/>
        <source>{n} construct(s)</source>
        <translation>{n} 个构建体</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="390"/>
        <source>{n} expire within 6 h</source>
        <translation>{n} 个将在 6 h 内过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="392"/>
        <source>{n} EXPIRED</source>
        <translation>{n} 个已过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="396"/>
        <source>Released constructs for implantation</source>
        <translation>已放行待植入的构建体</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="398"/>
        <source>Released constructs</source>
        <translation>已放行的构建体</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="403"/>
        <source>No released construct is waiting.</source>
        <translation>没有等待中的已放行构建体。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="409"/>
        <source>Time left to expiry in hours:minutes, red under 6 hours. An EXPIRED construct must not be implanted.</source>
        <translation>距过期的剩余时间（时:分），不足 6 小时显示为红色。已过期的构建体不得植入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="426"/>
        <source>{n} account(s)</source>
        <translation>{n} 个账户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="427"/>
        <source>{n} active</source>
        <translation>{n} 个在用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="430"/>
        <source>{n} LOCKED</source>
        <translation>{n} 个已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="435"/>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="436"/>
        <source>No accounts.</source>
        <translation>没有账户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="444"/>
        <source>Manage &amp;users…</source>
        <translation>管理用户(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="462"/>
        <source>Failed sign-ins, last {days} days</source>
        <translation>最近 {days} 天的登录失败</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="463"/>
        <source>No failed sign-ins.</source>
        <translation>没有登录失败。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="467"/>
        <source>{n} failed</source>
        <translation>{n} 次失败</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="478"/>
        <source>Site settings</source>
        <translation>中心设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="482"/>
        <source>Site &amp;settings…</source>
        <translation>中心设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="496"/>
        <source>Site:</source>
        <translation>中心：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="497"/>
        <source>Facility code (DIN):</source>
        <translation>机构代码（DIN）：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="498"/>
        <source>Time zone:</source>
        <translation>时区：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="499"/>
        <source>Constructs expire:</source>
        <translation>构建体有效期：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="500"/>
        <source>Idle lock after:</source>
        <translation>空闲锁定时间：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="501"/>
        <source>Accounts lock after:</source>
        <translation>账户锁定条件：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="528"/>
        <source>{n} minutes without use</source>
        <translation>{n} 分钟无操作</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="531"/>
        <source>{n} failed sign-ins</source>
        <translation>登录失败 {n} 次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="534"/>
        <source>{n:g} h after QA release</source>
        <translation>QA 放行后 {n:g} h</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="559"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="565"/>
        <source>&amp;Backups…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="597"/>
        <source>Updated {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/home.py" line="611"/>
        <source>{text} is not a lot, vessel or QC sample label. To look something up, scan it into the scan field at the top (F2).</source>
        <translation>{text} 不是批次、培养容器或 QC 样品标签。如需查询，请扫描到顶部的扫描栏（F2）。</translation>
    </message>
</context>
<context>
    <name>ImmunophenotypeForm</name>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="55"/>
        <source>Immunophenotype (flow cytometry)</source>
        <translation>免疫表型（流式细胞术）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="58"/>
        <source>Positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="59"/>
        <source>Negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="75"/>
        <source>Cells sampled at</source>
        <translation>细胞取样时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="77"/>
        <source>Site time; the specification in force then judges the panel</source>
        <translation>现场时间；按当时生效的质量标准判定检测组合</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="83"/>
        <source>Analysed at</source>
        <translation>分析时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="85"/>
        <source>Site time; not before sampling</source>
        <translation>现场时间；不得早于取样时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="90"/>
        <source>Passage sampled</source>
        <translation>取样代次</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="92"/>
        <source>0 to 20; optional</source>
        <translation>0 至 20；可选</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="97"/>
        <source>Events acquired</source>
        <translation>采集事件数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="99"/>
        <source>events</source>
        <translation>个事件</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="100"/>
        <source>A whole number above 0; optional</source>
        <translation>大于 0 的整数；可选</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="105"/>
        <source>Flow cytometer</source>
        <translation>流式细胞仪</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="106"/>
        <source>Asset tag, optional</source>
        <translation>设备编号，可选</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="110"/>
        <source>Markers ({spec})</source>
        <translation>标志物（{spec}）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="110"/>
        <source>no specification</source>
        <translation>无质量标准</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="116"/>
        <source>{expected} marker: {limit}</source>
        <translation>{expected}标志物：{limit}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="130"/>
        <source>Panel</source>
        <translation>检测组合</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="131"/>
        <source>Specification</source>
        <translation>质量标准</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="134"/>
        <source>No PHENOTYPE specification is in force; QA must approve one first.</source>
        <translation>没有生效的 PHENOTYPE 质量标准；须先由 QA 批准一份。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="167"/>
        <source>{why}: the panel fails</source>
        <translation>{why}：检测组合不合格</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="168"/>
        <source>FAIL — {why}</source>
        <translation>不合格 — {why}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="189"/>
        <source>FAIL ({markers})</source>
        <translation>不合格（{markers}）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="191"/>
        <source>pass: every marker within the specification</source>
        <translation>合格：所有标志物均符合质量标准</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="193"/>
        <source>pending: {n} of {total} markers to enter</source>
        <translation>待定：{total} 个标志物中还有 {n} 个待输入</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="206"/>
        <source>{marker} is required: the panel is recorded whole.</source>
        <translation>{marker} 为必填项：检测组合须完整记录。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/phenotype.py" line="222"/>
        <source>lot {din}, sampled {when}: {outcome} against {spec}</source>
        <translation>批次 {din}，取样于 {when}：按 {spec} 判定为 {outcome}</translation>
    </message>
</context>
<context>
    <name>IsolationForm</name>
    <message>
        <location filename="../../ui/forms/culture.py" line="443"/>
        <source>Density gradient (Ficoll)</source>
        <translation>密度梯度离心（Ficoll）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="444"/>
        <source>Direct plating</source>
        <translation>直接贴壁接种</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="451"/>
        <source>Isolation and P0 seeding</source>
        <translation>分离与 P0 接种</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="461"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="462"/>
        <source>Scan the label of each reagent lot used (Ficoll, medium …).</source>
        <translation>扫描所用每个试剂批号的标签（Ficoll、培养基 …）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="469"/>
        <source>Isolation method</source>
        <translation>分离方法</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="474"/>
        <source>Started at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="476"/>
        <source>Site time; not before the aspirate was received</source>
        <translation>现场时间；不得早于骨髓抽吸液接收时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="482"/>
        <source>Aspirate volume used</source>
        <translation>骨髓抽吸液用量</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="484"/>
        <source>mL</source>
        <translation>mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="485"/>
        <source>More than 0 mL, at most the volume collected</source>
        <translation>大于 0 mL，最多为采集体积</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="488"/>
        <source>No reagent lot scanned yet.</source>
        <translation>尚未扫描试剂批号。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="491"/>
        <source>Reagent lots</source>
        <translation>试剂批号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="493"/>
        <source>Released, in-date lots only</source>
        <translation>仅限已放行且在有效期内的批号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="499"/>
        <source>Biosafety cabinet</source>
        <translation>生物安全柜</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="499"/>
        <source>Asset tag, optional (e.g. BSC-01)</source>
        <translation>设备编号，可选（例如 BSC-01）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="501"/>
        <source>Nucleated cell count</source>
        <translation>有核细胞计数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="502"/>
        <source>P0 vessels</source>
        <translation>P0 培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="508"/>
        <source>Plated at</source>
        <translation>接种时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="510"/>
        <source>When the P0 vessels were seeded; not before the start</source>
        <translation>P0 培养容器的接种时间；不得早于开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="516"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="516"/>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="517"/>
        <source>Cells seeded</source>
        <translation>接种细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="518"/>
        <source>Cells not seeded</source>
        <translation>未接种细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="532"/>
        <source>{code} is already on the list.</source>
        <translation>{code} 已在列表中。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="565"/>
        <source>{n} cells in {v} vessels</source>
        <translation>{v} 个容器中共 {n} 个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="573"/>
        <source>Cells seeded add up to {wanted}, more than the {available} cells available; check the numbers.</source>
        <translation>接种细胞合计 {wanted}，超过可用的 {available} 个细胞；请核对数字。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="577"/>
        <source>{n} cells</source>
        <translation>{n} 个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="582"/>
        <source>Aspirate volume used is required.</source>
        <translation>骨髓抽吸液用量为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="602"/>
        <source>lot {din}, {method}; {total} nucleated cells ({viability} % viable); P0 vessels {vessels}</source>
        <translation>批次 {din}，{method}；有核细胞 {total} 个（活率 {viability} %）；P0 培养容器 {vessels}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="612"/>
        <source>Warnings: {w}</source>
        <translation>警告：{w}</translation>
    </message>
</context>
<context>
    <name>LabelPrintDialog</name>
    <message>
        <location filename="../../ui/label_print.py" line="39"/>
        <source>Aspirate / sample</source>
        <translation>骨髓抽吸液 / 样品</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="40"/>
        <source>Culture vessel</source>
        <translation>培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="41"/>
        <source>Custody / transport</source>
        <translation>交接 / 运输</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="42"/>
        <source>Quarantine (not for implantation)</source>
        <translation>待验（不得植入）</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="43"/>
        <source>Release (QA)</source>
        <translation>放行（QA）</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="63"/>
        <location filename="../../ui/label_print.py" line="67"/>
        <source>Print labels</source>
        <translation>打印标签</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="71"/>
        <source>Lot {din} {check} · {patient} · MRN {mrn}</source>
        <translation>批次 {din} {check} · {patient} · 病历号 {mrn}</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="89"/>
        <source>Scan the vessel, or type its ID</source>
        <translation>扫描培养容器，或输入其编号</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="97"/>
        <source>Why it is printed again (e.g. label damaged)</source>
        <translation>重新打印的原因（例如标签损坏）</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="100"/>
        <source>Printer on this computer</source>
        <translation>本机打印机</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="107"/>
        <source>Zebra printer {address} (ZPL)</source>
        <translation>Zebra 打印机 {address}（ZPL）</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="109"/>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="110"/>
        <source>Vessel:</source>
        <translation>培养容器：</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="111"/>
        <source>Label stock:</source>
        <translation>标签纸：</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="112"/>
        <source>Copies:</source>
        <translation>份数：</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="113"/>
        <source>Reprint reason:</source>
        <translation>重印原因：</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="114"/>
        <source>Print to:</source>
        <translation>打印到：</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="137"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="140"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="189"/>
        <source>Scan the vessel whose label you print.</source>
        <translation>请扫描要打印标签的培养容器。</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="211"/>
        <source>{earlier} It will be marked REPRINT.</source>
        <translation>{earlier} 将标记为“重印”。</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="213"/>
        <source>Template {template}. Check the label, then print.</source>
        <translation>模板 {template}。请核对标签后再打印。</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="230"/>
        <source>wrong lot</source>
        <translation>批次不符</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="232"/>
        <source>You scanned {what}.

These labels are for lot {din} {check}, patient {patient} (MRN {mrn}).</source>
        <translation>您扫描的是 {what}。

这些标签属于批次 {din} {check}，患者 {patient}（病历号 {mrn}）。</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="257"/>
        <source>This label was printed before: give the reason for the reprint.</source>
        <translation>此标签以前打印过：请填写重印原因。</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="308"/>
        <source>Printing labels</source>
        <translation>正在打印标签</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="333"/>
        <source>Sending labels to {address}</source>
        <translation>正在将标签发送到 {address}</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="342"/>
        <source>Printed {copies} × {template}{reprint}. Recorded as print #{number}.</source>
        <translation>已打印 {copies} × {template}{reprint}。记录为第 {number} 次打印。</translation>
    </message>
    <message>
        <location filename="../../ui/label_print.py" line="345"/>
        <source> (REPRINT)</source>
        <translation>（重印）</translation>
    </message>
</context>
<context>
    <name>LabelTemplates</name>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="32"/>
        <source>VOIDED</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="34"/>
        <source>ALTERED — NOT USABLE</source>
        <translation>已被改动 — 不可使用</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="36"/>
        <source>DRAFT — awaiting approval</source>
        <translation>草稿 — 等待批准</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="40"/>
        <source>RETIRED</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="41"/>
        <source>APPROVED — in use</source>
        <translation>已批准 — 使用中</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="101"/>
        <location filename="../../ui/models/qa_label_templates.py" line="110"/>
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="102"/>
        <source>not readable: the stored definition is not JSON</source>
        <translation>无法读取：存储的定义不是 JSON</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="111"/>
        <source>not readable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="119"/>
        <source>Label size</source>
        <translation>标签尺寸</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="127"/>
        <source>Sheet</source>
        <translation>整页</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="128"/>
        <source>{columns} × {rows} labels</source>
        <translation>{columns} × {rows} 个标签</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="136"/>
        <source>Printer resolution</source>
        <translation>打印机分辨率</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="143"/>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="150"/>
        <source>Barcodes</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="158"/>
        <source>Code 128</source>
        <translation>Code 128</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="159"/>
        <source>module {module} mm, quiet zone {quiet} modules, height {height} mm</source>
        <translation>模块宽 {module} mm，静区 {quiet} 个模块，高 {height} mm</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="173"/>
        <source>Type sizes</source>
        <translation>字号</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="174"/>
        <source>banner {banner} pt, DIN {din} pt, body {body} pt, never below {floor} pt</source>
        <translation>横幅 {banner} pt，DIN {din} pt，正文 {body} pt，不小于 {floor} pt</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="188"/>
        <source>Layout revision</source>
        <translation>版式修订号</translation>
    </message>
</context>
<context>
    <name>LabelTemplatesPage</name>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="175"/>
        <source>Label templates</source>
        <translation>标签模板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="177"/>
        <source>Labels are printed only from an approved template whose layout is unchanged. QA drafts a new version; a second QA person approves it with an e-signature, and the version it replaces is retired.</source>
        <translation>标签只能使用版式未更改的已批准模板打印。由 QA 起草新版本；第二名 QA 人员以电子签名批准后，被替代的版本将停用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="182"/>
        <source>&amp;Templates</source>
        <translation>模板(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="200"/>
        <source>No picture of the label here: labtracker draws a label only with a lot&apos;s data. Print one from a lot&apos;s page to see it.</source>
        <translation>此处不显示标签图片：labtracker 只用批次数据绘制标签。请在批次页面打印一张查看。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="224"/>
        <source>Drafted by {who}.</source>
        <translation>起草人 {who}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="227"/>
        <source>Approved by {who}, {when}.</source>
        <translation>批准人 {who}，{when}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="231"/>
        <source>Shipped default: approved at set-up, no approver.</source>
        <translation>出厂默认：中心设置时已批准，无批准人。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="234"/>
        <source>layout unchanged since it was drafted</source>
        <translation>自起草以来版式未更改</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="236"/>
        <source>LAYOUT CHANGED since it was drafted: it cannot be printed</source>
        <translation>自起草以来版式已更改：不能用于打印</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="239"/>
        <source>Definition SHA-256 {hash}…: {integrity}.</source>
        <translation>定义 SHA-256 {hash}…：{integrity}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="255"/>
        <source>Only QA drafts and approves label templates.</source>
        <translation>只有 QA 可以起草和批准标签模板。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="258"/>
        <source>{label} is a draft: approve it to print from it.</source>
        <translation>{label} 为草稿：批准后方可用于打印。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="296"/>
        <source>Label template {label} ({kind} label on {stock}).
Once approved, every {kind} label on {stock} is printed from it; the version in use now is retired.</source>
        <translation>标签模板 {label}（{kind}标签，{stock}）。
批准后，{stock}上的所有{kind}标签均按此模板打印；当前使用的版本将停用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/label_templates.py" line="301"/>
        <source>{label} approved by {who}: labels are now printed from it.</source>
        <translation>{label} 已由 {who} 批准：现在按此模板打印标签。</translation>
    </message>
</context>
<context>
    <name>LabelsModel</name>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="590"/>
        <source>Aspirate</source>
        <translation>骨髓抽吸液</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="591"/>
        <location filename="../../ui/models/lot_page_models.py" line="605"/>
        <source>Vessel</source>
        <translation>培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="592"/>
        <source>Custody</source>
        <translation>交接</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="593"/>
        <source>Quarantine</source>
        <translation>待验</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="594"/>
        <source>Release</source>
        <translation>放行</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="597"/>
        <source>Reconciled</source>
        <translation>已核对</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="598"/>
        <source>NOT RECONCILED</source>
        <translation>未核对</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="599"/>
        <source>MISMATCH</source>
        <translation>数量不符</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="600"/>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="603"/>
        <source>Printed</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="604"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="606"/>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="607"/>
        <source>Printed by</source>
        <translation>打印人</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="608"/>
        <source>Reprint</source>
        <translation>重印</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="609"/>
        <source>Applied</source>
        <translation>已粘贴</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="610"/>
        <source>Destroyed</source>
        <translation>已销毁</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="611"/>
        <source>Outstanding</source>
        <translation>未核销</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="612"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="631"/>
        <source>REPRINT: {reason}</source>
        <translation>重印：{reason}</translation>
    </message>
</context>
<context>
    <name>LiveStepForm</name>
    <message>
        <location filename="../../ui/forms/kit.py" line="331"/>
        <source>{label} must be {allowed}; you entered {value}.</source>
        <translation>{label}必须为{allowed}；您输入的是 {value}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/kit.py" line="443"/>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/idle_lock.py" line="172"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="180"/>
        <source>Sign in as someone else…</source>
        <translation>以其他用户身份登录…</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="215"/>
        <source>Sign in as someone else</source>
        <translation>以其他用户身份登录</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="216"/>
        <source>Discard unsaved input and sign in</source>
        <translation>放弃未保存的输入并登录</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="221"/>
        <source>Back to unlock</source>
        <translation>返回解锁</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="241"/>
        <source>Locked — {who} locked this station</source>
        <translation>已锁定 — {who} 锁定了本工作站</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="244"/>
        <source>Locked — {who} was inactive for 1 minute</source>
        <translation>已锁定 — {who} 已 1 分钟无操作</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="248"/>
        <source>Locked — {who} was inactive for {minutes} minutes</source>
        <translation>已锁定 — {who} 已 {minutes} 分钟无操作</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="254"/>
        <source>Nothing typed is lost. {name} can unlock and carry on where they left off.</source>
        <translation>已输入的内容不会丢失。{name} 可以解锁并从中断处继续。</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="257"/>
        <source>&amp;Password for {user}</source>
        <translation>{user} 的密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="260"/>
        <source>&lt;b&gt;{name}&apos;s unsaved input will be discarded.&lt;/b&gt; It cannot be saved under another person&apos;s name. To keep it, go back and let {name} unlock.</source>
        <translation>&lt;b&gt;{name} 未保存的输入将被放弃。&lt;/b&gt;这些内容不能以他人名义保存。如需保留，请返回并由 {name} 解锁。</translation>
    </message>
    <message>
        <location filename="../../ui/idle_lock.py" line="288"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>LoginAttemptTableModel</name>
    <message>
        <location filename="../../ui/models/home_tables.py" line="257"/>
        <source>sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="258"/>
        <source>unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="259"/>
        <source>signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="263"/>
        <source>When (site time)</source>
        <translation>时间（现场时间）</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="264"/>
        <source>User ID typed</source>
        <translation>输入的用户名</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="265"/>
        <source>For</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="267"/>
        <source>Why it failed</source>
        <translation>失败原因</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="270"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
</context>
<context>
    <name>LoginAttemptsModel</name>
    <message>
        <location filename="../../ui/models/admin_users.py" line="147"/>
        <source>Sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="148"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="149"/>
        <source>E-signature</source>
        <translation>电子签名</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="153"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="154"/>
        <source>User ID entered</source>
        <translation>输入的用户名</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="156"/>
        <source>For</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="158"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="159"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="169"/>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="170"/>
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <location filename="../../ui/login.py" line="69"/>
        <location filename="../../ui/login.py" line="70"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="106"/>
        <source>&amp;User ID</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="107"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="128"/>
        <source>Choose a new password</source>
        <translation>设置新密码</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="136"/>
        <source>Use a long password that mixes lower-case letters, capitals, digits and symbols, and does not contain your user ID.</source>
        <translation>请使用较长的密码，混合小写字母、大写字母、数字和符号，且不得包含您的用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="151"/>
        <source>&amp;Current password</source>
        <translation>当前密码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="154"/>
        <source>&amp;New password</source>
        <translation>新密码(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="156"/>
        <source>&amp;Repeat new password</source>
        <translation>再次输入新密码(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="164"/>
        <source>Change password and sign in</source>
        <translation>修改密码并登录</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="165"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="219"/>
        <source>Enter your user ID.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="224"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="258"/>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="262"/>
        <source>Enter the new password.</source>
        <translation>请输入新密码。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="268"/>
        <source>The two new passwords are not the same. Type the new password in both fields again.</source>
        <translation>两次输入的新密码不一致。请在两个字段中重新输入新密码。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="291"/>
        <source>The password was changed, but signing in failed: {error}</source>
        <translation>密码已修改，但登录失败：{error}</translation>
    </message>
</context>
<context>
    <name>LotFieldsForm</name>
    <message>
        <location filename="../../ui/forms/induction.py" line="109"/>
        <source>Every lot field is filled; clear the one to replace, then scan again.</source>
        <translation>所有批号字段都已填写；请清空要替换的字段，然后重新扫描。</translation>
    </message>
</context>
<context>
    <name>LotPage</name>
    <message>
        <location filename="../../ui/lot_actions.py" line="90"/>
        <source>Print labels…</source>
        <translation>打印标签…</translation>
    </message>
    <message>
        <location filename="../../ui/lot_actions.py" line="94"/>
        <source>Batch record PDF…</source>
        <translation>批记录 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/lot_actions.py" line="95"/>
        <source>Certificate of analysis…</source>
        <translation>检验报告书…</translation>
    </message>
    <message>
        <location filename="../../ui/lot_actions.py" line="96"/>
        <source>Chain-of-custody report…</source>
        <translation>监管链报告…</translation>
    </message>
    <message>
        <location filename="../../ui/lot_actions.py" line="102"/>
        <source>QA review and release…</source>
        <translation>QA 审核与放行…</translation>
    </message>
    <message>
        <location filename="../../ui/lot_actions.py" line="108"/>
        <source>More ▾</source>
        <translation>更多 ▾</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="264"/>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="310"/>
        <source>Check character: type it after the DIN when you enter a DIN by hand</source>
        <translation>校验字符：手动输入 DIN 时请在 DIN 后输入该字符</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="349"/>
        <source>Created (awaiting aspirate)</source>
        <translation>已创建（等待骨髓抽吸液）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="350"/>
        <source>Aspirate collected</source>
        <translation>骨髓抽吸液已采集</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="351"/>
        <source>Received in lab</source>
        <translation>实验室已接收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="352"/>
        <source>In culture</source>
        <translation>培养中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="353"/>
        <source>In osteogenic induction</source>
        <translation>成骨诱导中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="354"/>
        <source>Seeded on scaffold (quarantine)</source>
        <translation>已接种支架（待验）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="355"/>
        <source>Released by QA</source>
        <translation>已由 QA 放行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="356"/>
        <source>Rejected by QA</source>
        <translation>已被 QA 拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="357"/>
        <source>Dispatched to theatre</source>
        <translation>已送往手术室</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="358"/>
        <source>Implanted</source>
        <translation>已植入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="359"/>
        <source>Discarded</source>
        <translation>已销毁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="395"/>
        <source>MRN {mrn}  ·  born {dob}</source>
        <translation>病历号 {mrn}  ·  出生于 {dob}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="399"/>
        <source>  ·  trial subject {number}</source>
        <translation>  ·  受试者 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="403"/>
        <source>Next: {what}</source>
        <translation>下一步：{what}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="407"/>
        <source>{n} OPEN DEVIATION(S)</source>
        <translation>{n} 个未关闭偏差</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="419"/>
        <source>Expiry: set when QA releases the lot</source>
        <translation>有效期：QA 放行批次时设定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="424"/>
        <source>Expiry was {when}</source>
        <translation>有效期曾为 {when}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="429"/>
        <source>EXPIRED {when}: must not be implanted</source>
        <translation>已于 {when} 过期：不得植入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="434"/>
        <source>Expires {when}  ·  {h} h {m:02d} min left</source>
        <translation>有效期至 {when}  ·  剩余 {h} h {m:02d} min</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="547"/>
        <source>&amp;Timeline</source>
        <translation>时间线(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="568"/>
        <source>&amp;Vessels</source>
        <translation>培养容器(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="596"/>
        <source>Project for a scaffold of</source>
        <translation>按支架体积预测</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="624"/>
        <source>&amp;Growth</source>
        <translation>生长(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="687"/>
        <source>&amp;QC &amp;&amp; release</source>
        <translation>QC 与放行(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="719"/>
        <source>&amp;Deviations</source>
        <translation>偏差(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="731"/>
        <source>&amp;Labels</source>
        <translation>标签(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="754"/>
        <source>&amp;Custody</source>
        <translation>交接(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="779"/>
        <location filename="../../ui/pages/lot_page.py" line="786"/>
        <source>&amp;Audit trail</source>
        <translation>审计追踪(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="787"/>
        <source> or </source>
        <translation>或</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="793"/>
        <source>The audit trail is reviewed by {who} (QA and administrators). Ask QA if you need to know who changed what on this lot.</source>
        <translation>审计追踪由{who}（QA 和管理员）审阅。如需了解谁更改了本批次的哪些内容，请询问 QA。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="845"/>
        <location filename="../../ui/pages/lot_page.py" line="868"/>
        <source>Reading lot {din}</source>
        <translation>正在读取批次 {din}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="885"/>
        <source>No vessel yet: vessels are seeded at isolation.</source>
        <translation>尚无培养容器：培养容器在分离时接种。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="908"/>
        <source>Enough cells now for this scaffold: {now:,.0f} of {need:,.0f}.</source>
        <translation>当前细胞已足够用于该支架：{now:,.0f} / {need:,.0f}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="914"/>
        <source>No projection: the latest harvest did not grow, so there is no doubling time to project with.</source>
        <translation>无法预测：最近一次收获没有增殖，因此没有可用于预测的倍增时间。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="920"/>
        <source>Projected ready {when}</source>
        <translation>预计就绪 {when}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="925"/>
        <source>Projected ready {when}: {need:,.0f} cells needed, {now:,.0f} now; {doublings:.1f} doublings at {dt:.1f} h each.</source>
        <translation>预计就绪 {when}：需要 {need:,.0f} 个细胞，当前 {now:,.0f} 个；还需 {doublings:.1f} 次倍增，每次 {dt:.1f} h。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="939"/>
        <source>, doubling time {dt:.1f} h</source>
        <translation>，倍增时间 {dt:.1f} h</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="945"/>
        <source>Latest harvest: P{passage} on {when}, {cells:,.0f} cells, PD {pd:.2f}{dt}; cumulative PD {cpd:.2f}.</source>
        <translation>最近一次收获：P{passage}，{when}，{cells:,.0f} 个细胞，PD {pd:.2f}{dt}；累计 PD {cpd:.2f}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="958"/>
        <source>Isolated {when}: {cells:,} cells plated; no harvest counted yet.</source>
        <translation>分离于 {when}：接种 {cells:,} 个细胞；尚无收获计数。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="963"/>
        <source>Not isolated yet.</source>
        <translation>尚未分离。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="972"/>
        <source>Results judged against the specification in force when each sample was taken; in force now: {spec}.</source>
        <translation>结果按各样品取样时生效的质量标准判定；当前生效：{spec}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="974"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="981"/>
        <source>Released by QA: the lot is now {status}.</source>
        <translation>已由 QA 放行：批次当前状态为{status}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="987"/>
        <source> Still open:</source>
        <translation> 仍未完成：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="989"/>
        <source>Rejected by QA: must never be released or implanted.</source>
        <translation>已被 QA 拒绝：绝不可放行或植入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="992"/>
        <source>Discarded: nothing is released from this lot.</source>
        <translation>已销毁：本批次不放行任何产品。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="995"/>
        <source>Nothing blocks release: QA may release this lot.</source>
        <translation>没有阻碍放行的事项：QA 可以放行本批次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="998"/>
        <source>What blocks release ({n}):</source>
        <translation>阻碍放行的事项（{n}）：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1048"/>
        <source>No deviation recorded for this lot.</source>
        <translation>本批次没有偏差记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1061"/>
        <source>Impact assessment: {text}</source>
        <translation>影响评估：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1062"/>
        <source>Root cause: {text}</source>
        <translation>根本原因：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1063"/>
        <source>Corrective action: {text}</source>
        <translation>纠正措施：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1064"/>
        <source>Preventive action: {text}</source>
        <translation>预防措施：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1067"/>
        <source>Covers the aspirate receipt outside limits.</source>
        <translation>涵盖超出限值的骨髓抽吸液接收。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1075"/>
        <source>No label printed for this lot yet.</source>
        <translation>本批次尚未打印标签。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1081"/>
        <source>Now: {location}, held by {holder}, since {since}</source>
        <translation>当前：{location}，由 {holder} 持有，自 {since} 起</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1092"/>
        <source>No hand-over yet: custody is recorded once QA has released the lot.</source>
        <translation>尚无交接：QA 放行批次后开始记录交接。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lot_page.py" line="1099"/>
        <source>{n} audit entries for this lot, oldest first.</source>
        <translation>本批次共 {n} 条审计记录，按时间由早到晚排列。</translation>
    </message>
</context>
<context>
    <name>LotTableModel</name>
    <message>
        <location filename="../../ui/models/lot_table.py" line="202"/>
        <source>EXPIRED ({time} ago)</source>
        <translation>已过期（{time}前）</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="203"/>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="208"/>
        <source>Expires {when} (site time)</source>
        <translation>有效期至 {when}（现场时间）</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="220"/>
        <source>{n} open</source>
        <translation>{n} 个未关闭</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="233"/>
        <source>DIN</source>
        <translation>DIN</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="238"/>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="239"/>
        <source>MRN</source>
        <translation>病历号</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="240"/>
        <source>Patient / MRN</source>
        <translation>患者 / 病历号</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="241"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="243"/>
        <source>Status / waiting for</source>
        <translation>状态 / 等待事项</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="249"/>
        <source>Waiting for</source>
        <translation>等待事项</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="255"/>
        <source>Expires (site time)</source>
        <translation>有效期至（现场时间）</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="259"/>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="267"/>
        <source>Deviations</source>
        <translation>偏差</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="273"/>
        <source>Started</source>
        <translation>启动时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_table.py" line="275"/>
        <source>Lot started {when} (site time)</source>
        <translation>批次启动于 {when}（现场时间）</translation>
    </message>
</context>
<context>
    <name>LotsPage</name>
    <message>
        <location filename="../../ui/pages/lots.py" line="272"/>
        <source>All lots</source>
        <translation>全部批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="278"/>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="282"/>
        <source>DIN, MRN or patient name, or scan a lot, vessel or wristband label</source>
        <translation>DIN、病历号或患者姓名，或扫描批次、培养容器或腕带标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="286"/>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="293"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="294"/>
        <source>In progress (not closed)</source>
        <translation>进行中（未结束）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="316"/>
        <source>No lot matches.</source>
        <translation>没有匹配的批次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="369"/>
        <source>No lots</source>
        <translation>没有批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="371"/>
        <source>{n} lot(s), newest first</source>
        <translation>{n} 个批次，最新的在前</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots.py" line="373"/>
        <source>{n} lots, newest first; more are read as you scroll</source>
        <translation>{n} 个批次，最新的在前；滚动时加载更多</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="110"/>
        <source>no role</source>
        <translation>无角色</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <location filename="../../ui/main_window.py" line="287"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="249"/>
        <source>Autologous tissue-engineered bone: lot tracking from aspirate to implant (NCT07066228)</source>
        <translation>自体组织工程骨：从骨髓抽吸到植入的批次追踪（NCT07066228）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="253"/>
        <source>Lock now</source>
        <translation>立即锁定</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <location filename="../../ui/main_window.py" line="521"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="257"/>
        <source>{app} — DEMONSTRATION SITE (not for patients)</source>
        <translation>{app} — 演示中心（不得用于患者）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="264"/>
        <source>Demonstration site in a throwaway database. Sign in as {users} with the password {password}.</source>
        <translation>演示中心使用一次性数据库。请以 {users} 登录，密码为 {password}。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="285"/>
        <location filename="../../ui/main_window.py" line="444"/>
        <source>Database not available</source>
        <translation>数据库不可用</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="374"/>
        <source>New database: set up the site  ·  {database}</source>
        <translation>新数据库：请设置中心  ·  {database}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="430"/>
        <source>The demonstration site could not be made: {error}</source>
        <translation>无法创建演示中心：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="435"/>
        <source>Making the demonstration site</source>
        <translation>正在创建演示中心</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="492"/>
        <location filename="../../ui/main_window.py" line="664"/>
        <source>Signed in: {name} ({user})</source>
        <translation>已登录：{name}（{user}）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="511"/>
        <source>Signed in as {name} ({roles})</source>
        <translation>当前用户 {name}（{roles}）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="519"/>
        <source>Lock now  (Ctrl+Shift+L)</source>
        <translation>立即锁定  (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="543"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="632"/>
        <source>Locked: {name} ({user})</source>
        <translation>已锁定：{name}（{user}）</translation>
    </message>
</context>
<context>
    <name>MaterialLotsModel</name>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="110"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="113"/>
        <source>Material</source>
        <translation>物料</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="119"/>
        <source>Manufacturer, cat. no.</source>
        <translation>生产商，货号</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="122"/>
        <source>Lot number</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="123"/>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="124"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>MaterialsPage</name>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="426"/>
        <source>Materials and equipment</source>
        <translation>物料与设备</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="434"/>
        <location filename="../../ui/pages/admin/materials.py" line="489"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="435"/>
        <source>Quarantine</source>
        <translation>待验</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="436"/>
        <source>Released</source>
        <translation>已放行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="437"/>
        <source>Rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="438"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="447"/>
        <source>code, material, manufacturer or lot number</source>
        <translation>编码、物料、生产商或批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="451"/>
        <location filename="../../ui/pages/admin/materials.py" line="473"/>
        <source>Recei&amp;ve lot…</source>
        <translation>接收批号(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="452"/>
        <location filename="../../ui/pages/admin/materials.py" line="474"/>
        <source>R&amp;elease…</source>
        <translation>放行(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="453"/>
        <location filename="../../ui/pages/admin/materials.py" line="475"/>
        <source>Re&amp;ject…</source>
        <translation>拒收(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="461"/>
        <source>&amp;Reagent lots</source>
        <translation>试剂批号(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="469"/>
        <source>code, product, manufacturer or lot number</source>
        <translation>编码、产品、生产商或批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="483"/>
        <source>&amp;Scaffold lots</source>
        <translation>支架批号(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="490"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="491"/>
        <source>Due within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="492"/>
        <source>In calibration</source>
        <translation>在校准期内</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="496"/>
        <source>asset tag, name, kind, location or serial number</source>
        <translation>设备编号、名称、类型、位置或序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="500"/>
        <source>Re&amp;gister equipment…</source>
        <translation>登记设备(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="501"/>
        <source>Record &amp;calibration…</source>
        <translation>记录校准(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="502"/>
        <source>register equipment or record calibrations</source>
        <translation>登记设备或记录校准</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="509"/>
        <source>E&amp;quipment</source>
        <translation>设备(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="514"/>
        <source>see material lots and equipment</source>
        <translation>查看物料批号和设备</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="527"/>
        <source>receive material lots</source>
        <translation>接收物料批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="528"/>
        <source>release or reject material lots</source>
        <translation>放行或拒收物料批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="571"/>
        <source>Select a lot in the table first.</source>
        <translation>请先在表格中选择一个批号。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="592"/>
        <source>{code} is already {state}.</source>
        <translation>{code} 已是{state}状态。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="598"/>
        <source>{code} has expired; reject it instead.</source>
        <translation>{code} 已过期；请改为拒收。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="605"/>
        <source>Select a piece of equipment first.</source>
        <translation>请先选择一台设备。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="76"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="79"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PatientStepForm</name>
    <message>
        <location filename="../../ui/forms/patients.py" line="241"/>
        <source>MRN</source>
        <translation>病历号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="243"/>
        <source>Scan the patient&apos;s wristband, or type the hospital MRN.</source>
        <translation>扫描患者腕带，或输入医院病历号。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="60"/>
        <source>MRN must be 4–40 letters, digits or &apos;-&apos;; you entered {t}.</source>
        <translation>病历号必须为 4–40 位字母、数字或 &apos;-&apos;；您输入的是 {t}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="272"/>
        <source>No registered patient has MRN {mrn}.</source>
        <translation>没有已登记患者的病历号为 {mrn}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="279"/>
        <source>MRN {mrn}</source>
        <translation>病历号 {mrn}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="280"/>
        <source>born {dob} ({age} years)</source>
        <translation>出生于 {dob}（{age} 岁）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="288"/>
        <source>subject {n}</source>
        <translation>受试者 {n}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="314"/>
        <source>wrong patient</source>
        <translation>患者不符</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="316"/>
        <source>You scanned the wristband of MRN {scanned}.

This form is for patient {name} (MRN {expected}). Nothing was changed.</source>
        <translation>您扫描的是病历号 {scanned} 的腕带。

本表单针对患者 {name}（病历号 {expected}）。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="331"/>
        <source>No eligibility assessment yet.</source>
        <translation>尚无入组资格评估。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="335"/>
        <source>signed by {name}</source>
        <translation>已由 {name} 签名</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="337"/>
        <source>NOT SIGNED by the investigator</source>
        <translation>研究者尚未签名</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="344"/>
        <source>Latest assessment {when}: {outcome}, {signed}.</source>
        <translation>最近一次评估 {when}：{outcome}，{signed}。</translation>
    </message>
</context>
<context>
    <name>PatientsPage</name>
    <message>
        <location filename="../../ui/pages/patients.py" line="59"/>
        <source>Patients</source>
        <translation>患者</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="65"/>
        <source>Scan the wristband or type the MRN, then Enter</source>
        <translation>扫描腕带或输入病历号，然后按 Enter</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="67"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="70"/>
        <source>Register a new patient…</source>
        <translation>登记新患者…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="92"/>
        <source>MRN</source>
        <translation>病历号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="93"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="94"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="95"/>
        <source>Trial subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="96"/>
        <source>Eligibility</source>
        <translation>入组资格</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="97"/>
        <source>Consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="119"/>
        <source>Assess eligibility…</source>
        <translation>评估入组资格…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="120"/>
        <source>Sign eligibility…</source>
        <translation>签署入组资格…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="121"/>
        <source>Record consent…</source>
        <translation>记录知情同意…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="122"/>
        <source>Withdraw consent…</source>
        <translation>撤回知情同意…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="131"/>
        <source>Start a lot…</source>
        <translation>启动批次…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="142"/>
        <source>Lots of this patient</source>
        <translation>该患者的批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="206"/>
        <source>not assessed</source>
        <translation>未评估</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="209"/>
        <source>signed by {name}</source>
        <translation>已由 {name} 签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="211"/>
        <source>NOT SIGNED by the investigator</source>
        <translation>研究者尚未签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="218"/>
        <source>{version}, {date}</source>
        <translation>{version}，{date}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="222"/>
        <source>none in force</source>
        <translation>无有效记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="225"/>
        <source>Ready: a lot may start for this patient.</source>
        <translation>就绪：可为该患者启动批次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/patients.py" line="229"/>
        <source>No lot may start yet: {why}</source>
        <translation>暂不能启动批次：{why}</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../ui/print_preview.py" line="64"/>
        <source>Page {page} of {count}</source>
        <translation>第 {page} 页，共 {count} 页</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="78"/>
        <source>The printer {printer} could not be opened.</source>
        <translation>无法打开打印机 {printer}。</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="144"/>
        <source>{n} page(s) — check it before printing</source>
        <translation>共 {n} 页 — 打印前请检查</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="152"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="154"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="155"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="187"/>
        <location filename="../../ui/print_preview.py" line="197"/>
        <location filename="../../ui/print_preview.py" line="203"/>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="207"/>
        <source>Printing</source>
        <translation>正在打印</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="216"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="226"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="228"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="228"/>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>ProcessRulesForm</name>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="292"/>
        <source>Change the process rules</source>
        <translation>更改工艺规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="292"/>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="296"/>
        <source>These limits judge every lot from the moment they are saved. A construct already released keeps the expiry it was released with.</source>
        <translation>这些限值自保存之时起用于判定每个批次。已放行的构建体保留其放行时的有效期。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="311"/>
        <source>process rules: {what}.</source>
        <translation>工艺规则：{what}。</translation>
    </message>
</context>
<context>
    <name>Punctuation</name>
    <message>
        <location filename="../../ui/i18n.py" line="167"/>
        <source>{label}:</source>
        <translation>{label}：</translation>
    </message>
</context>
<context>
    <name>QaReview</name>
    <message>
        <location filename="../../ui/models/qa_review.py" line="62"/>
        <source>CORRECTED: {old} → {new} — {who}, {when} — {why}</source>
        <translation>已更正：{old} → {new} — {who}，{when} — {why}</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="69"/>
        <source>(no reason recorded)</source>
        <translation>（未记录原因）</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="75"/>
        <source>VALID</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="76"/>
        <source>SUPERSEDED</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="77"/>
        <source>INVALID</source>
        <translation>无效</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="426"/>
        <source>{state} — {meaning} by {name} ({username}), {when}</source>
        <translation>{state} — {meaning}：{name}（{username}），{when}</translation>
    </message>
</context>
<context>
    <name>QaReviewPage</name>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="398"/>
        <source>QA review</source>
        <translation>QA 审核</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="402"/>
        <source>Check character: type it after the DIN when you enter a DIN by hand</source>
        <translation>校验字符：手动输入 DIN 时请在 DIN 后输入该字符</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="430"/>
        <source>&amp;Sections of the record</source>
        <translation>记录章节(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="520"/>
        <source>Batch record &amp;PDF…</source>
        <translation>批记录 PDF(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="521"/>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="522"/>
        <source>Re&amp;ject…</source>
        <translation>拒绝(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="523"/>
        <source>&amp;Release…</source>
        <translation>放行(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="568"/>
        <source>Reading the batch record of {din}</source>
        <translation>正在读取 {din} 的批记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="604"/>
        <source>Reading the batch record</source>
        <translation>正在读取批记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="619"/>
        <source>Expiry: set at release</source>
        <translation>有效期：放行时设定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="623"/>
        <source>Expires {when}</source>
        <translation>有效期至 {when}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="628"/>
        <source>MRN {mrn}  ·  born {dob}  ·  {product}</source>
        <translation>病历号 {mrn}  ·  出生于 {dob}  ·  {product}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="632"/>
        <source>  ·  trial subject {number}</source>
        <translation>  ·  受试者 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="637"/>
        <source>Created (awaiting aspirate)</source>
        <translation>已创建（等待骨髓抽吸液）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="638"/>
        <source>Aspirate collected</source>
        <translation>骨髓抽吸液已采集</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="639"/>
        <source>Received in lab</source>
        <translation>实验室已接收</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="640"/>
        <source>In culture</source>
        <translation>培养中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="641"/>
        <source>In osteogenic induction</source>
        <translation>成骨诱导中</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="642"/>
        <source>Seeded on scaffold (quarantine)</source>
        <translation>已接种支架（待验）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="643"/>
        <source>Released by QA</source>
        <translation>已由 QA 放行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="644"/>
        <source>Rejected by QA</source>
        <translation>已被 QA 拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="645"/>
        <source>Dispatched to theatre</source>
        <translation>已送往手术室</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="646"/>
        <source>Implanted</source>
        <translation>已植入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="647"/>
        <source>Discarded</source>
        <translation>已销毁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="655"/>
        <source>Corrections ({n})</source>
        <translation>更正（{n}）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="662"/>
        <source>No recorded value of this lot was corrected.</source>
        <translation>本批次没有任何记录值被更正。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="664"/>
        <source>Click one to go to it in the record.</source>
        <translation>点击某项可跳转到记录中的相应位置。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="675"/>
        <source>Release check: {n} BLOCKER(S)</source>
        <translation>放行检查：{n} 项阻碍</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="680"/>
        <source>Release check: NO BLOCKERS</source>
        <translation>放行检查：无阻碍</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="683"/>
        <source>Every release check passes against {spec}.</source>
        <translation>按 {spec}，所有放行检查均通过。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="689"/>
        <source>QA decision: {decision}</source>
        <translation>QA 决定：{decision}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="690"/>
        <source>RELEASED</source>
        <translation>已放行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="690"/>
        <source>REJECTED</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="696"/>
        <source>By {who}, {when}.</source>
        <translation>{who}，{when}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="698"/>
        <location filename="../../ui/pages/qa_review.py" line="1071"/>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="803"/>
        <source>✎ CORRECTED</source>
        <translation>✎ 已更正</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="829"/>
        <source>NOT SIGNED — no valid “{meaning}” signature</source>
        <translation>未签名 — 没有有效的“{meaning}”签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="838"/>
        <source>E-signature: {line}</source>
        <translation>电子签名：{line}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="878"/>
        <source>{record}: this record is not printed in a section.</source>
        <translation>{record}：此记录未打印在任何章节中。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="938"/>
        <source>{done} of {total} sections reviewed</source>
        <translation>已审核 {done} / {total} 个章节</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="946"/>
        <source>Only QA prints batch records.</source>
        <translation>只有 QA 可以打印批记录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="952"/>
        <source>Reading the record…</source>
        <translation>正在读取记录…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="954"/>
        <source>Only QA releases or rejects a lot.</source>
        <translation>只有 QA 可以放行或拒绝批次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="957"/>
        <source>Lot status: {status}. Only a lot seeded on its scaffold (in quarantine) is released or rejected.</source>
        <translation>批次状态：{status}。只有已接种支架（待验）的批次才能放行或拒绝。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="961"/>
        <source>Release is blocked: see the release check.</source>
        <translation>放行受阻：请查看放行检查。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="964"/>
        <source>Open every section before releasing ({done} of {total} reviewed).</source>
        <translation>放行前请打开每个章节（已审核 {done} / {total}）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="967"/>
        <source>Every section reviewed and no blocker: the lot can be released.</source>
        <translation>所有章节均已审核且无阻碍：批次可以放行。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="973"/>
        <source>Lot {din} [{check}] — {patient}, {mrn}
{product}</source>
        <translation>批次 {din} [{check}] — {patient}，{mrn}
{product}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="1000"/>
        <source>The record of lot {din} changed after you reviewed it. Nothing was released. Close this window and review the changed sections again.</source>
        <translation>批次 {din} 的记录在您审核后发生了更改。未放行任何产品。请关闭此窗口，重新审核已更改的章节。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="1014"/>
        <source>Reviewed: all {n} sections, {c} correction(s) seen.
Release check against {spec}: no blockers.</source>
        <translation>已审核：全部 {n} 个章节，已查看 {c} 处更正。
按 {spec} 进行放行检查：无阻碍。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="1042"/>
        <source>Released by {who}. Expires {when}.</source>
        <translation>已由 {who} 放行。有效期至 {when}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="1080"/>
        <source>Rejected by {who}: {reason}. The lot must not be implanted.</source>
        <translation>已被 {who} 拒绝：{reason}。该批次不得植入。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="1100"/>
        <source>Batch record</source>
        <translation>批记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="1104"/>
        <source>Making the batch record of {din}</source>
        <translation>正在生成 {din} 的批记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="1114"/>
        <source>Batch record of lot {din} ({pages} pages)</source>
        <translation>批次 {din} 的批记录（{pages} 页）</translation>
    </message>
</context>
<context>
    <name>QcResultForm</name>
    <message>
        <location filename="../../ui/forms/quality.py" line="62"/>
        <source>the patient&apos;s weight</source>
        <translation>患者体重</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="64"/>
        <source>the dose volume (scaffold seeding)</source>
        <translation>给药体积（支架接种）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="65"/>
        <source>K/M needs {missing}: not recorded</source>
        <translation>K/M 需要{missing}：尚未记录</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="66"/>
        <source> and </source>
        <translation>和</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="69"/>
        <source>K × weight ÷ dose volume = {k} × {weight} ÷ {dose} = {limit}; pass {symbol} {limit}</source>
        <translation>K × 体重 ÷ 给药体积 = {k} × {weight} ÷ {dose} = {limit}；合格标准 {symbol} {limit}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="264"/>
        <source>QC result</source>
        <translation>QC 结果</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="285"/>
        <source>Sample</source>
        <translation>样品</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="288"/>
        <source>Scan the tube&apos;s QC label (DIN-QCnn). Awaiting results: {list}.</source>
        <translation>扫描样品管上的 QC 标签（DIN-QCnn）。等待结果：{list}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="292"/>
        <source>Scan the tube&apos;s QC label (DIN-QCnn). No sample awaits a result.</source>
        <translation>扫描样品管上的 QC 标签（DIN-QCnn）。没有等待结果的样品。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="301"/>
        <location filename="../../ui/forms/quality.py" line="448"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="303"/>
        <source>As the laboratory reports it, in the criterion&apos;s unit.</source>
        <translation>按实验室报告填写，使用该标准的单位。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="310"/>
        <source>Tested at</source>
        <translation>检测时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="312"/>
        <source>Site time; not before the sample was taken, not in the future.</source>
        <translation>现场时间；不得早于取样时间，不得晚于当前时间。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="316"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="316"/>
        <source>As reported by the laboratory.</source>
        <translation>以实验室报告为准。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="322"/>
        <source>Laboratory</source>
        <translation>实验室</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="324"/>
        <source>Criterion</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="347"/>
        <source>Sample {code} is of another lot ({other}), not of lot {din}: it must not be recorded here.</source>
        <translation>样品 {code} 属于另一批次（{other}），而非批次 {din}：不得在此记录。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="354"/>
        <source>Lot {din} has no sample {code}.</source>
        <translation>批次 {din} 没有样品 {code}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="361"/>
        <source>That is not a QC sample code (DIN-QCnn): {typed}</source>
        <translation>这不是 QC 样品编码（DIN-QCnn）：{typed}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="395"/>
        <source>Scan the sample&apos;s tube.</source>
        <translation>请扫描样品管。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="400"/>
        <source>{label}: {stage}, taken {when}; judged against {spec}.</source>
        <translation>{label}：{stage}，取样于 {when}；按 {spec} 判定。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="411"/>
        <source>Sample {code} already has a result ({result}). Results are never overwritten: void it with a reason in Corrections, then record it again.</source>
        <translation>样品 {code} 已有结果（{result}）。结果绝不覆盖：请在“更正”中注明原因将其作废，然后重新记录。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="416"/>
        <source>This sample cannot be judged.</source>
        <translation>该样品无法判定。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="428"/>
        <source>CANNOT BE JUDGED: {e}</source>
        <translation>无法判定：{e}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="436"/>
        <source>PASS — {e}</source>
        <translation>合格 — {e}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="438"/>
        <source>FAIL — {e}</source>
        <translation>不合格 — {e}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="440"/>
        <source>PENDING — enter the result as reported.</source>
        <translation>待定 — 请按报告输入结果。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="476"/>
        <source>wrong lot</source>
        <translation>批次不符</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="478"/>
        <source>Sample {code} belongs to lot {other}.

This form is for lot {din} {check}, patient {name} (MRN {mrn}).</source>
        <translation>样品 {code} 属于批次 {other}。

本表单针对批次 {din} {check}，患者 {name}（病历号 {mrn}）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="489"/>
        <source>Wrong lot&apos;s sample: nothing was recorded.</source>
        <translation>批次不符的样品：未记录任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="492"/>
        <source>Scan the tube of one of this lot&apos;s samples.</source>
        <translation>请扫描本批次某个样品的样品管。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="496"/>
        <source>Enter the result as reported.</source>
        <translation>请按报告输入结果。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="514"/>
        <source>{test} {result}: {outcome}</source>
        <translation>{test} {result}：{outcome}</translation>
    </message>
</context>
<context>
    <name>QcResultsModel</name>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="437"/>
        <source>Immunophenotype</source>
        <translation>免疫表型</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="440"/>
        <source>every marker within limits</source>
        <translation>所有标志物均在限值内</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="441"/>
        <source>every marker of the panel</source>
        <translation>检测组合中的所有标志物</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="445"/>
        <source>analysed {date}</source>
        <translation>分析于 {date}</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="461"/>
        <source>Test</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="462"/>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="463"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="464"/>
        <source>Specification</source>
        <translation>质量标准</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="465"/>
        <source>Sample</source>
        <translation>样品</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="466"/>
        <source>Spec version</source>
        <translation>标准版本</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="467"/>
        <source>Tested</source>
        <translation>检测时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="476"/>
        <source>PASS</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="477"/>
        <source>FAIL</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="478"/>
        <source>PENDING</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="479"/>
        <source>NO RESULT</source>
        <translation>无结果</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="480"/>
        <source>CANNOT JUDGE</source>
        <translation>无法判定</translation>
    </message>
</context>
<context>
    <name>RaiseDeviationForm</name>
    <message>
        <location filename="../../ui/forms/deviations.py" line="24"/>
        <source>Minor</source>
        <translation>次要</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="25"/>
        <source>Major</source>
        <translation>主要</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="26"/>
        <source>Critical</source>
        <translation>关键</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="29"/>
        <source>Minor: no effect on the product&apos;s quality, the patient&apos;s safety or the record&apos;s integrity. Documented, trended, closed by QA.</source>
        <translation>次要：不影响产品质量、患者安全或记录完整性。予以记录和趋势分析，由 QA 关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="34"/>
        <source>Major: could affect the product&apos;s quality or compliance with the process. QA investigates it, with corrective action, before the lot can be released.</source>
        <translation>主要：可能影响产品质量或工艺符合性。批次放行前，由 QA 调查并采取纠正措施。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="39"/>
        <source>Critical: could harm the patient, or puts identity or sterility in doubt. The lot is on hold; tell QA and your supervisor now.</source>
        <translation>关键：可能危害患者，或使身份或无菌性存疑。批次暂停；请立即通知 QA 和主管。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="72"/>
        <source>Raise a deviation</source>
        <translation>发起偏差</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="89"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="91"/>
        <source>One line: what happened (at most 200 characters).</source>
        <translation>一句话说明发生了什么（最多 200 个字符）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="97"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="99"/>
        <source>What was seen, where, by whom; what was done at once.</source>
        <translation>看到了什么、在哪里、由谁发现；当即采取了什么措施。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="104"/>
        <source>Occurred at</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="106"/>
        <source>Site time; when it happened, not when it was noticed.</source>
        <translation>现场时间；填写发生时间，而非发现时间。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="111"/>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="113"/>
        <source>Choose one; its meaning is shown here.</source>
        <translation>选择一项；其含义显示在此处。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="116"/>
        <source>Covers the aspirate receipt outside limits</source>
        <translation>涵盖超出限值的骨髓抽吸液接收</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="118"/>
        <source>Receipt</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="130"/>
        <source>Not applicable: no receipt of this lot waits for a deviation.</source>
        <translation>不适用：该批次没有等待偏差的接收记录。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="147"/>
        <source>Linked: isolation may go ahead once this deviation is recorded.</source>
        <translation>已关联：该偏差记录后即可进行分离。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="154"/>
        <source>Not linked: isolation stays refused until a deviation covers the receipt.</source>
        <translation>未关联：在有偏差涵盖该接收记录之前，仍不允许进行分离。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="164"/>
        <source>Title must be filled in.</source>
        <translation>必须填写标题。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="166"/>
        <source>Description must be filled in.</source>
        <translation>必须填写描述。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="168"/>
        <source>Choose minor, major or critical.</source>
        <translation>请选择次要、主要或关键。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="180"/>
        <source>{number} raised: {title}</source>
        <translation>已发起 {number}：{title}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/deviations.py" line="189"/>
        <source>Deviation recorded. QA assesses and closes it; while it is open the lot cannot be released. Its number:</source>
        <translation>偏差已记录。由 QA 评估并关闭；偏差未关闭期间，批次不能放行。偏差编号：</translation>
    </message>
</context>
<context>
    <name>ReceiptForm</name>
    <message>
        <location filename="../../ui/forms/lots.py" line="31"/>
        <source>Acceptable</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="32"/>
        <source>Leaking</source>
        <translation>渗漏</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="33"/>
        <source>Clotted</source>
        <translation>凝块</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="34"/>
        <source>Label damaged</source>
        <translation>标签损坏</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="35"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="250"/>
        <source>Aspirate receipt in the lab</source>
        <translation>实验室接收骨髓抽吸液</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="264"/>
        <source>Received at</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="266"/>
        <source>Site time; not before collection, not in the future.</source>
        <translation>现场时间；不得早于采集时间，不得晚于当前时间。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="271"/>
        <source>Temperature on receipt</source>
        <translation>接收时温度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="272"/>
        <source>e.g. 8</source>
        <translation>例如 8</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="274"/>
        <source>Site limits {low:g}–{high:g} °C (the box&apos;s logger or probe).</source>
        <translation>本中心限值 {low:g}–{high:g} °C（以运输箱温度记录仪或探头读数为准）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="281"/>
        <source>Condition</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="283"/>
        <source>The tube&apos;s integrity: anything but Acceptable needs a deviation.</source>
        <translation>采集管的完整性：除“合格”外均须发起偏差。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="287"/>
        <source>Collected: {v:g} mL.</source>
        <translation>采集量：{v:g} mL。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="293"/>
        <source>Volume received</source>
        <translation>接收体积</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="294"/>
        <source>e.g. 16</source>
        <translation>例如 16</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="296"/>
        <source>As read on the tube (optional). {collected}</source>
        <translation>以采集管上的读数为准（可选）。{collected}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="299"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="303"/>
        <source>Collected</source>
        <translation>采集</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="306"/>
        <source>Since collection</source>
        <translation>距采集</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="314"/>
        <source>−20 to 45 °C</source>
        <translation>−20 至 45 °C</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="315"/>
        <source>more than 0, at most 100 mL</source>
        <translation>大于 0，最多 100 mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="319"/>
        <source>More than the {v:g} mL collected: check the reading.</source>
        <translation>超过采集的 {v:g} mL，请核对读数。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="327"/>
        <source>No aspirate is recorded for this lot.</source>
        <translation>该批次尚无骨髓抽吸液记录。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="331"/>
        <source>Received before the aspirate was collected.</source>
        <translation>接收时间早于骨髓抽吸液采集时间。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="333"/>
        <source>{h:.1f} h (limit {limit:g} h)</source>
        <translation>{h:.1f} h（限值 {limit:g} h）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="343"/>
        <source>Limits: enter the temperature and choose the condition.</source>
        <translation>限值：请输入温度并选择状态。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="354"/>
        <source>OUTSIDE LIMITS: {problems}. The receipt can be saved, but a deviation is required before processing.</source>
        <translation>超出限值：{problems}。可以保存接收记录，但在处理前必须发起偏差。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="360"/>
        <source>WITHIN LIMITS: the aspirate can be processed.</source>
        <translation>在限值内：骨髓抽吸液可以处理。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="367"/>
        <source>Choose the condition the tube arrived in.</source>
        <translation>请选择采集管到达时的状态。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="372"/>
        <source>Volume on receipt: {v:g} mL</source>
        <translation>接收体积：{v:g} mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="385"/>
        <source>Received within limits, {t:g} °C</source>
        <translation>已在限值内接收，{t:g} °C</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="387"/>
        <source>Received OUTSIDE LIMITS: {problems}</source>
        <translation>接收时超出限值：{problems}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="397"/>
        <source>&amp;Raise the deviation now…</source>
        <translation>立即发起偏差(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="402"/>
        <source>Receipt recorded &lt;b&gt;OUTSIDE LIMITS&lt;/b&gt;: {problems}.&lt;br&gt;Isolation is refused until a deviation is linked to this receipt.</source>
        <translation>接收记录&lt;b&gt;超出限值&lt;/b&gt;：{problems}。&lt;br&gt;在该接收记录关联偏差之前，不允许进行分离。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="414"/>
        <source>Aspirate received outside limits</source>
        <translation>骨髓抽吸液接收超出限值</translation>
    </message>
</context>
<context>
    <name>ReceiveMaterialForm</name>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="97"/>
        <source>Receive a reagent or medium lot</source>
        <translation>接收试剂或培养基批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="99"/>
        <source>Receive into quarantine</source>
        <translation>接收入待验</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="103"/>
        <source>The lot is quarantined: no step can use it until QA releases it. It gets the lab&apos;s own code (RL……) for its label.</source>
        <translation>该批号处于待验状态：在 QA 放行之前，任何步骤都不能使用。其标签将使用本实验室自己的编码（RL……）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="108"/>
        <source>Material</source>
        <translation>物料</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="110"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="111"/>
        <source>Manufacturer</source>
        <translation>生产商</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="112"/>
        <source>Catalogue number</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="113"/>
        <source>Lot number</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="114"/>
        <source>Expiry date</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="117"/>
        <source>Certificate of analysis</source>
        <translation>检验报告书</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="119"/>
        <source>Optional: the CoA&apos;s reference, for QA&apos;s review.</source>
        <translation>可选：检验报告书（CoA）的编号，供 QA 审核。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="136"/>
        <source>{code}: {material} lot {lot} received into quarantine.</source>
        <translation>{code}：{material}批号 {lot} 已接收入待验。</translation>
    </message>
</context>
<context>
    <name>ReceiveScaffoldForm</name>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="147"/>
        <source>Receive a scaffold lot</source>
        <translation>接收支架批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="149"/>
        <source>Receive into quarantine</source>
        <translation>接收入待验</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="153"/>
        <source>The lot is quarantined until QA releases it, and gets the lab&apos;s own code (SC……) for its label.</source>
        <translation>该批号在 QA 放行前处于待验状态，其标签将使用本实验室自己的编码（SC……）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="158"/>
        <source>Scaffold product</source>
        <translation>支架产品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="159"/>
        <source>Manufacturer</source>
        <translation>生产商</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="160"/>
        <source>Catalogue number</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="161"/>
        <source>Manufacturer lot</source>
        <translation>生产商批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="162"/>
        <source>Expiry date</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="165"/>
        <source>Volume</source>
        <translation>体积</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="166"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="167"/>
        <source>mL per piece</source>
        <translation>mL/块</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="170"/>
        <source>Size</source>
        <translation>规格</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="170"/>
        <source>e.g. 25 × 10 × 6 mm</source>
        <translation>例如 25 × 10 × 6 mm</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="175"/>
        <source>Catalogue number is required.</source>
        <translation>货号为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="188"/>
        <source>{code}: {product} lot {lot} received into quarantine.</source>
        <translation>{code}：{product}批号 {lot} 已接收入待验。</translation>
    </message>
</context>
<context>
    <name>RegisterEquipmentForm</name>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="255"/>
        <source>Register equipment</source>
        <translation>登记设备</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="262"/>
        <source>Asset tag</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="264"/>
        <source>As on its label, e.g. INC-02.</source>
        <translation>与设备标签一致，例如 INC-02。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="267"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="269"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="270"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="271"/>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="272"/>
        <source>Calibrated on</source>
        <translation>校准日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="272"/>
        <location filename="../../ui/pages/admin/materials.py" line="276"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="275"/>
        <source>Calibration due</source>
        <translation>校准到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="277"/>
        <source>From this day on it cannot be used until calibrated again.</source>
        <translation>自该日起，在重新校准之前不能使用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="294"/>
        <source>{tag} ({name}) registered.</source>
        <translation>已登记 {tag}（{name}）。</translation>
    </message>
</context>
<context>
    <name>RegisterPatientForm</name>
    <message>
        <location filename="../../ui/forms/patients.py" line="25"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="26"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="27"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="28"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="77"/>
        <source>Register a patient</source>
        <translation>登记患者</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="85"/>
        <source>MRN</source>
        <translation>病历号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="88"/>
        <source>Hospital MRN: 4–40 letters, digits or &apos;-&apos;. Scan the wristband to fill it.</source>
        <translation>医院病历号：4–40 位字母、数字或 &apos;-&apos;。扫描腕带可自动填写。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="95"/>
        <source>Family name</source>
        <translation>姓</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="97"/>
        <source>As written on the identity card, e.g. 王</source>
        <translation>与身份证一致，例如 王</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="102"/>
        <source>Given name</source>
        <translation>名</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="104"/>
        <source>As written, e.g. 建国</source>
        <translation>按书写填写，例如 建国</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="109"/>
        <source>Name romanised</source>
        <translation>姓名拼音</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="111"/>
        <source>Pinyin, family name first, e.g. Wang Jianguo</source>
        <translation>汉语拼音，姓在前，例如 Wang Jianguo</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="117"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="119"/>
        <source>The trial takes patients aged 18–55 years.</source>
        <translation>本试验入组 18–55 岁的患者。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="124"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="130"/>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="131"/>
        <source>e.g. 68</source>
        <translation>例如 68</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="132"/>
        <source>kg</source>
        <translation>kg</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="133"/>
        <source>20–300 kg. Sets the endotoxin limit when it is K/M.</source>
        <translation>20–300 kg。内毒素限值为 K/M 时用于计算该限值。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="138"/>
        <source>Trial subject number</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="140"/>
        <source>As issued by the trial, e.g. TEB-006 (optional until enrolment)</source>
        <translation>由试验分配，例如 TEB-006（入组前可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="144"/>
        <source>Name on labels</source>
        <translation>标签上的姓名</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="145"/>
        <source>Age today</source>
        <translation>当前年龄</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="156"/>
        <source>{age} years</source>
        <translation>{age} 岁</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="157"/>
        <source> — outside 18–55: not eligible (I1)</source>
        <translation> — 不在 18–55 岁范围内：不符合入组条件（I1）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="172"/>
        <source>20–300 kg</source>
        <translation>20–300 kg</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="183"/>
        <source>A patient with MRN {mrn} is already registered: {name}.</source>
        <translation>病历号为 {mrn} 的患者已登记：{name}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="209"/>
        <source>Choose the patient&apos;s sex (or Unknown).</source>
        <translation>请选择患者性别（或“未知”）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="223"/>
        <source>{name}, MRN {mrn} registered</source>
        <translation>已登记 {name}，病历号 {mrn}</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="290"/>
        <location filename="../../ui/pages/qa_review.py" line="294"/>
        <source>Reject lot</source>
        <translation>拒绝批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="299"/>
        <source>A rejected lot must not be implanted; rejection cannot be undone. Say why (the failed test, the deviation): it is printed with the decision.</source>
        <translation>被拒绝的批次不得植入；拒绝不可撤销。请说明原因（不合格的检测、偏差）：原因将与决定一同打印。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="305"/>
        <source>&amp;Reason for rejection:</source>
        <translation>拒绝原因(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="316"/>
        <source>&amp;Continue to signature…</source>
        <translation>继续签名(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="316"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/qa_review.py" line="326"/>
        <source>Enter the reason for rejection.</source>
        <translation>请输入拒绝原因。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordForm</name>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="259"/>
        <source>Reset the password of {username}</source>
        <translation>重置 {username} 的密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="261"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="273"/>
        <source>temporary password set for {username}; they choose their own at the next sign-in.</source>
        <translation>已为 {username} 设置临时密码；其下次登录时设置自己的密码。</translation>
    </message>
</context>
<context>
    <name>ResultInput</name>
    <message>
        <location filename="../../ui/forms/quality.py" line="227"/>
        <source>result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>RetireForm</name>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="155"/>
        <source>Retire vessel type {code}</source>
        <translation>停用培养容器类型 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="157"/>
        <source>Put vessel type {code} back in use</source>
        <translation>恢复使用培养容器类型 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="159"/>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="159"/>
        <source>Put back in use</source>
        <translation>恢复使用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="165"/>
        <source>No new vessel can be seeded as {code} once it is retired. The {n} vessels already recorded are not changed.</source>
        <translation>停用后，不能再以 {code} 接种新的培养容器。已记录的 {n} 个容器不受影响。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="169"/>
        <source>Vessels can be seeded as {code} again.</source>
        <translation>可以再次以 {code} 接种培养容器。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="180"/>
        <source>{code} retired.</source>
        <translation>{code} 已停用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="184"/>
        <source>{code} is in use again.</source>
        <translation>{code} 已恢复使用。</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <location filename="../../ui/models/home_tables.py" line="116"/>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="118"/>
        <source>DIN</source>
        <translation>DIN</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="124"/>
        <source>Patient / MRN</source>
        <translation>患者 / 病历号</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="128"/>
        <source>Results in</source>
        <translation>已出结果</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="129"/>
        <source>{n} of {total}</source>
        <translation>{n} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="135"/>
        <source>What stops release</source>
        <translation>阻碍放行的原因</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="145"/>
        <source>READY</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="146"/>
        <source>FAILED</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="146"/>
        <source>NOT READY</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="157"/>
        <source>Nothing: ready for QA release</source>
        <translation>无：可由 QA 放行</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="161"/>
        <source>{reason} (+{n} more)</source>
        <translation>{reason}（另有 {n} 项）</translation>
    </message>
</context>
<context>
    <name>RolesForm</name>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="192"/>
        <source>Change the roles of {username}</source>
        <translation>更改 {username} 的角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="194"/>
        <source>Change roles</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="197"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="205"/>
        <source>Tick at least one role; to stop an account, deactivate it instead.</source>
        <translation>请至少勾选一个角色；如需停止使用账户，请将其停用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="208"/>
        <source>Nothing to change: these are its roles now.</source>
        <translation>无需更改：这些就是其当前角色。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="217"/>
        <source>You cannot remove your own Administrator role; another administrator must do it, so the site always keeps one.</source>
        <translation>您不能移除自己的管理员角色；须由另一位管理员操作，以确保本中心始终至少有一位管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="224"/>
        <source>{username} now holds: {roles}.</source>
        <translation>{username} 当前角色：{roles}。</translation>
    </message>
</context>
<context>
    <name>RowTable</name>
    <message>
        <location filename="../../ui/models/row_table.py" line="197"/>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/models/row_table.py" line="201"/>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <location filename="../../ui/models/row_table.py" line="204"/>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
</context>
<context>
    <name>ScaffoldLotsModel</name>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="139"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="140"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="141"/>
        <source>Manufacturer</source>
        <translation>生产商</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="142"/>
        <source>Lot number</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="143"/>
        <source>Size</source>
        <translation>规格</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="146"/>
        <source>Volume
(mL)</source>
        <translation>体积
（mL）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="150"/>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="151"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ScaffoldSeedingForm</name>
    <message>
        <location filename="../../ui/forms/induction.py" line="407"/>
        <source>Seed the scaffold</source>
        <translation>支架接种</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="420"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="420"/>
        <source>Scan the scaffold lot&apos;s label (SC…).</source>
        <translation>扫描支架批号标签（SC…）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="424"/>
        <source>Scaffold lot</source>
        <translation>支架批号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="425"/>
        <source>Released and in date</source>
        <translation>已放行且在有效期内</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="431"/>
        <source>Seeded at</source>
        <translation>接种时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="433"/>
        <source>Site time; not before the end of induction</source>
        <translation>现场时间；不得早于诱导结束</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="438"/>
        <source>Scaffold length</source>
        <translation>支架长度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="439"/>
        <source>Scaffold width</source>
        <translation>支架宽度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="440"/>
        <source>Scaffold height</source>
        <translation>支架高度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="446"/>
        <source>mm</source>
        <translation>mm</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="447"/>
        <source>More than 0, at most 200 mm</source>
        <translation>大于 0，最多 200 mm</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="452"/>
        <location filename="../../ui/forms/induction.py" line="497"/>
        <source>Scaffold volume</source>
        <translation>支架体积</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="454"/>
        <location filename="../../ui/forms/induction.py" line="474"/>
        <source>mL</source>
        <translation>mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="456"/>
        <source>Optional: wins over the sizes. Leave volume and sizes empty to use the volume on the scaffold lot&apos;s label.</source>
        <translation>可选：优先于尺寸。体积和尺寸都留空时，使用支架批号标签上的体积。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="463"/>
        <source>Cells seeded</source>
        <translation>接种细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="465"/>
        <source>cells</source>
        <translation>个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="466"/>
        <source>At most the cells counted, if counted</source>
        <translation>如已计数，不得超过计数的细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="472"/>
        <source>Seeding suspension volume</source>
        <translation>接种悬液体积</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="475"/>
        <location filename="../../ui/forms/induction.py" line="524"/>
        <source>Site target {t} cells/mL</source>
        <translation>本中心目标 {t} cells/mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="482"/>
        <source>Count of the cell suspension (optional)</source>
        <translation>细胞悬液计数（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="489"/>
        <source>Incubation started at</source>
        <translation>孵育开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="491"/>
        <source>Site time; not before seeding</source>
        <translation>现场时间；不得早于接种</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="496"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="496"/>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="498"/>
        <source>Cells needed</source>
        <translation>所需细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="499"/>
        <source>Seeding suspension</source>
        <translation>接种悬液</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="534"/>
        <source>from the scaffold lot&apos;s label</source>
        <translation>取自支架批号标签</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="536"/>
        <source>{v} mL</source>
        <translation>{v} mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="540"/>
        <source>{n} cells at {t} cells/mL</source>
        <translation>{n} 个细胞，{t} cells/mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="561"/>
        <source>{n} cells/mL</source>
        <translation>{n} cells/mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="566"/>
        <source>Warning: {w}</source>
        <translation>警告：{w}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="572"/>
        <source>{n} cells/mL: close to the site&apos;s {t} cells/mL</source>
        <translation>{n} cells/mL：接近本中心的 {t} cells/mL</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="581"/>
        <source>Scan the scaffold lot&apos;s label.</source>
        <translation>请扫描支架批号标签。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="585"/>
        <source>Cells seeded is required.</source>
        <translation>接种细胞数为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="587"/>
        <source>Seeding suspension volume is required.</source>
        <translation>接种悬液体积为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="606"/>
        <source>lot {din} on scaffold {scaffold} ({volume} mL): {cells} cells in {suspension} mL ({per_ml} cells/mL), incubation from {when}</source>
        <translation>批次 {din} 接种于支架 {scaffold}（{volume} mL）：{cells} 个细胞，悬液 {suspension} mL（{per_ml} cells/mL），孵育开始于 {when}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="618"/>
        <source>Warnings: {w}</source>
        <translation>警告：{w}</translation>
    </message>
</context>
<context>
    <name>ScannedList</name>
    <message>
        <location filename="../../ui/forms/culture.py" line="195"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>SectionsModel</name>
    <message>
        <location filename="../../ui/models/qa_review.py" line="159"/>
        <source>{n} CORRECTED</source>
        <translation>{n} 处已更正</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="162"/>
        <source>{n} signature(s) superseded or invalid</source>
        <translation>{n} 个签名已被取代或无效</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="165"/>
        <source>{n} FAILED result(s)</source>
        <translation>{n} 个不合格结果</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="167"/>
        <source>{n} step(s) not signed</source>
        <translation>{n} 个步骤未签名</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="178"/>
        <source>reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_review.py" line="178"/>
        <source>not yet opened</source>
        <translation>尚未打开</translation>
    </message>
</context>
<context>
    <name>SeedVesselsForm</name>
    <message>
        <location filename="../../ui/forms/culture.py" line="622"/>
        <source>Seed vessels from a harvest</source>
        <translation>由收获细胞接种培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="635"/>
        <source>P{p} harvest of {when}: {cells} cells not yet seeded</source>
        <translation>P{p} 收获（{when}）：{cells} 个细胞尚未接种</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="644"/>
        <source>From harvest</source>
        <translation>来源收获</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="646"/>
        <source>The suspension the new vessels are seeded from</source>
        <translation>新培养容器接种所用的细胞悬液</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="653"/>
        <source>Seeded at</source>
        <translation>接种时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="655"/>
        <source>Site time; not before the harvest</source>
        <translation>现场时间；不得早于收获时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="660"/>
        <source>Cells available</source>
        <translation>可用细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="661"/>
        <source>Cells seeded</source>
        <translation>接种细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="662"/>
        <source>Cells not seeded</source>
        <translation>未接种细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="663"/>
        <source>New vessels</source>
        <translation>新培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="669"/>
        <source>No harvest of this lot has cells left to seed; record a harvest first.</source>
        <translation>该批次没有剩余可接种细胞的收获；请先记录收获。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="684"/>
        <location filename="../../ui/forms/culture.py" line="704"/>
        <source>{n} cells</source>
        <translation>{n} 个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="686"/>
        <source>P{p}</source>
        <translation>P{p}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="691"/>
        <source>{n} cells in {v} vessels</source>
        <translation>{v} 个容器中共 {n} 个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="697"/>
        <source>Cells seeded add up to {wanted}, more than the {available} cells available; check the numbers.</source>
        <translation>接种细胞合计 {wanted}，超过可用的 {available} 个细胞；请核对数字。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="710"/>
        <source>There is no harvest with cells left to seed.</source>
        <translation>没有剩余可接种细胞的收获。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="721"/>
        <source>lot {din}: {vessels} seeded from the P{p} harvest</source>
        <translation>批次 {din}：由 P{p} 收获接种 {vessels}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="727"/>
        <source>Warnings: {w}</source>
        <translation>警告：{w}</translation>
    </message>
</context>
<context>
    <name>SeedingRows</name>
    <message>
        <location filename="../../ui/forms/culture.py" line="278"/>
        <source>Add another kind of vessel</source>
        <translation>添加另一种培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="317"/>
        <source>Row {n}: {message}</source>
        <translation>第 {n} 行：{message}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="329"/>
        <source>Cells per vessel</source>
        <translation>每个容器的细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="334"/>
        <source>Enter the cells seeded per vessel.</source>
        <translation>请输入每个容器接种的细胞数。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="346"/>
        <source>Density: {m}</source>
        <translation>密度：{m}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="351"/>
        <source>Warning, outside the site&apos;s range: {m}</source>
        <translation>警告，超出本中心范围：{m}</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <location filename="../../ui/sign_dialog.py" line="28"/>
        <source>I performed this step as recorded.</source>
        <translation>本人按记录执行了此步骤。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="29"/>
        <source>I verified this step and its recorded values.</source>
        <translation>本人已复核此步骤及其记录值。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="30"/>
        <source>I reviewed this record.</source>
        <translation>本人已审核此记录。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="31"/>
        <source>I approve this lot for release for its patient.</source>
        <translation>本人批准放行此批次，用于其对应患者。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="34"/>
        <source>I reject this lot: it must not be implanted.</source>
        <translation>本人拒绝此批次：不得植入。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="35"/>
        <source>I implanted this construct into this patient.</source>
        <translation>本人已将此构建体植入该患者。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="36"/>
        <source>I approve this document for use.</source>
        <translation>本人批准此文件投入使用。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="64"/>
        <location filename="../../ui/sign_dialog.py" line="112"/>
        <source>Sign: {meaning}</source>
        <translation>签名：{meaning}</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="74"/>
        <source>Electronic signature: {meaning}</source>
        <translation>电子签名：{meaning}</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="91"/>
        <source>Your signature is the legally binding equivalent of your handwritten signature. It is recorded with your printed name, the date and time, and this meaning.</source>
        <translation>您的电子签名与手写签名具有同等法律效力。签名将与您的姓名、日期和时间以及此签名含义一同记录。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="105"/>
        <source>User ID:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="106"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="115"/>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <location filename="../../ui/sign_dialog.py" line="128"/>
        <source>Enter your user ID and password to sign.</source>
        <translation>请输入用户名和密码以签名。</translation>
    </message>
</context>
<context>
    <name>SignEligibilityForm</name>
    <message>
        <location filename="../../ui/forms/patients.py" line="661"/>
        <source>Sign eligibility (investigator)</source>
        <translation>签署入组资格（研究者）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="676"/>
        <source>Sign…</source>
        <translation>签名…</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="685"/>
        <source>Scan the wristband or type the MRN.</source>
        <translation>扫描腕带或输入病历号。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="703"/>
        <source>This patient has no assessment to sign.</source>
        <translation>该患者没有待签名的评估。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="708"/>
        <source>The latest assessment is already signed by {name}.</source>
        <translation>最近一次评估已由 {name} 签名。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="715"/>
        <source>The latest assessment is pending: it cannot be signed until complete.</source>
        <translation>最近一次评估为待定：完成后才能签名。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="718"/>
        <source>Eligibility of {name} (MRN {mrn}): {outcome}</source>
        <translation>{name}（病历号 {mrn}）的入组资格：{outcome}</translation>
    </message>
</context>
<context>
    <name>SiteForm</name>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="153"/>
        <source>Change the site details</source>
        <translation>更改中心信息</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="153"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="155"/>
        <source>Site name</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="161"/>
        <source>Facility code</source>
        <translation>机构代码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="163"/>
        <source>The facility ID ICCBBA assigned to this site: a letter and 4 digits.</source>
        <translation>ICCBBA 为本中心分配的机构识别码：1 个字母加 4 位数字。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="171"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="172"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="175"/>
        <source>I understand: new DINs will use the new code.</source>
        <translation>我已了解：新的 DIN 将使用新代码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="176"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="196"/>
        <source>Warning: lots started from now on get DINs beginning {new} instead of {old}. Lots already started keep their DINs, labels and records. Change the code only when ICCBBA has assigned this site a new facility ID.</source>
        <translation>警告：从现在起启动的批次，其 DIN 将以 {new} 开头，而不是 {old}。已启动的批次保留其 DIN、标签和记录。仅当 ICCBBA 为本中心分配了新的机构识别码时才可更改此代码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="207"/>
        <source>Warning: times will be shown, and expiry and calibration dates judged, in {zone} instead of {old}.</source>
        <translation>警告：时间的显示以及有效期和校准日期的判定将使用 {zone}，而不是 {old}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="223"/>
        <source>Nothing to change: these are the site&apos;s details now.</source>
        <translation>无需更改：这些就是本中心当前的信息。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="226"/>
        <source>Tick the box to confirm the new facility code.</source>
        <translation>请勾选以确认新的机构代码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="238"/>
        <source>site details: {name}, facility {code}, {zone}.</source>
        <translation>中心信息：{name}，机构代码 {code}，{zone}。</translation>
    </message>
</context>
<context>
    <name>SiteSettingsPage</name>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="140"/>
        <source>{low} to {high} {unit}</source>
        <translation>{low} 至 {high} {unit}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="484"/>
        <source>Site settings</source>
        <translation>中心设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="488"/>
        <source>You can read these settings. {only}</source>
        <translation>您可以查看这些设置。{only}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="489"/>
        <source>change them</source>
        <translation>更改这些设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="524"/>
        <source>change site settings</source>
        <translation>更改中心设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="529"/>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="536"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="537"/>
        <source>Facility code:</source>
        <translation>机构代码：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="538"/>
        <source>Time zone:</source>
        <translation>时区：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="539"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="541"/>
        <source>The facility code begins every DIN this site issues.</source>
        <translation>本中心签发的每个 DIN 均以机构代码开头。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="543"/>
        <source>Change site &amp;details…</source>
        <translation>更改中心信息(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="564"/>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="564"/>
        <source>Now</source>
        <translation>当前值</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="564"/>
        <source>Allowed</source>
        <translation>允许范围</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="583"/>
        <source>Process rules</source>
        <translation>工艺规则</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="593"/>
        <source>Change process &amp;rules…</source>
        <translation>更改工艺规则(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="599"/>
        <source>Access policy</source>
        <translation>访问策略</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="605"/>
        <source>A locked account waits for an administrator to unlock it (Users and sign-ins).</source>
        <translation>被锁定的账户须等待管理员解锁（用户与登录）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="609"/>
        <source>Change &amp;access policy…</source>
        <translation>更改访问策略(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="615"/>
        <source>Patient wristbands</source>
        <translation>患者腕带</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="619"/>
        <source>Barcode prefix before the MRN:</source>
        <translation>病历号前的条码前缀：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="622"/>
        <source>Change &amp;prefix…</source>
        <translation>更改前缀(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="628"/>
        <source>This station&apos;s database</source>
        <translation>本工作站的数据库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="638"/>
        <source>In use now:</source>
        <translation>当前使用：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="639"/>
        <source>At next start:</source>
        <translation>下次启动时：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="640"/>
        <source>Chosen by:</source>
        <translation>设定来源：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="641"/>
        <source>Settings file:</source>
        <translation>设置文件：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="646"/>
        <source>Set database &amp;URL…</source>
        <translation>设置数据库 URL(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="720"/>
        <source>the {variable} environment variable</source>
        <translation>环境变量 {variable}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="723"/>
        <source>database_url in the settings file</source>
        <translation>设置文件中的 database_url</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="724"/>
        <source>the default (an SQLite file on this PC)</source>
        <translation>默认（本机上的 SQLite 文件）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="730"/>
        <source>A change is written to this PC&apos;s settings file and used from labtracker&apos;s next start; passwords are never shown.</source>
        <translation>更改将写入本机的设置文件，并在 labtracker 下次启动时生效；密码绝不显示。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="736"/>
        <source>{variable} wins over the settings file on this PC.</source>
        <translation>在本机上，{variable} 优先于设置文件。</translation>
    </message>
</context>
<context>
    <name>SpecItemsEditModel</name>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="161"/>
        <source>≥  at least</source>
        <translation>≥  不低于</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="162"/>
        <source>&gt;  more than</source>
        <translation>&gt;  大于</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="163"/>
        <source>≤  at most</source>
        <translation>≤  不高于</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="164"/>
        <source>&lt;  less than</source>
        <translation>&lt;  小于</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="165"/>
        <source>=  equal to</source>
        <translation>=  等于</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="166"/>
        <source>text  must read</source>
        <translation>文本  必须为</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="214"/>
        <source>Test code</source>
        <translation>检测代码</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="215"/>
        <source>Test</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="216"/>
        <source>Comparator</source>
        <translation>比较符</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="217"/>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="218"/>
        <source>Required text</source>
        <translation>要求的文本</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="219"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="220"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="268"/>
        <source>Limit must be a number; you entered {text}.</source>
        <translation>限值必须为数字；您输入的是 {text}。</translation>
    </message>
</context>
<context>
    <name>SpecItemsModel</name>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="126"/>
        <source>Test code</source>
        <translation>检测代码</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="127"/>
        <source>Test</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="128"/>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="129"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="130"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="148"/>
        <source> (K/M, per patient)</source>
        <translation>（K/M，按患者计算）</translation>
    </message>
</context>
<context>
    <name>SpecVersionsModel</name>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="61"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="62"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="63"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="64"/>
        <source>In force from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="65"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="66"/>
        <source>Drafted by</source>
        <translation>起草人</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="75"/>
        <source>VOIDED</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="76"/>
        <source>DRAFT — awaiting approval</source>
        <translation>草稿 — 等待批准</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="77"/>
        <source>SUPERSEDED</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="78"/>
        <source>ALTERED — NOT USABLE</source>
        <translation>已被改动 — 不可使用</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="79"/>
        <source>IN FORCE</source>
        <translation>生效中</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="100"/>
        <source> to {until}</source>
        <translation> 至 {until}</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="108"/>
        <source>shipped default</source>
        <translation>出厂默认</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_specifications.py" line="112"/>
        <source>Reason for this version: {reason}</source>
        <translation>本版本的原因：{reason}</translation>
    </message>
</context>
<context>
    <name>SpecificationsPage</name>
    <message>
        <location filename="../../ui/pages/specifications.py" line="241"/>
        <source>Specifications</source>
        <translation>质量标准</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="243"/>
        <source>Each result is judged against the version in force when its sample was taken. QA drafts a new version; a second QA person approves it with an e-signature, and it is in force from that moment.</source>
        <translation>每个结果均按其样品取样时生效的版本判定。由 QA 起草新版本；第二名 QA 人员以电子签名批准后，自批准之时起生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="248"/>
        <source>&amp;Versions</source>
        <translation>版本(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="291"/>
        <source>Drafted by {who}. Reason: {reason}</source>
        <translation>起草人 {who}。原因：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="298"/>
        <source>Approved by {who}, {when}.</source>
        <translation>批准人 {who}，{when}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="303"/>
        <source>Shipped default: in force from set-up, no approver.</source>
        <translation>出厂默认：自中心设置起生效，无批准人。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="306"/>
        <source>Superseded from {when}.</source>
        <translation>自 {when} 起被取代。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="320"/>
        <source>Only QA drafts and approves specifications.</source>
        <translation>只有 QA 可以起草和批准质量标准。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="323"/>
        <source>{label} is a draft: approve it to put it in force.</source>
        <translation>{label} 为草稿：批准后方可生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="350"/>
        <source>{label} — {title}
{criteria}
In force from the moment you sign; the version in force now is superseded. Results already judged keep their version.</source>
        <translation>{label} — {title}
{criteria}
自您签名之时起生效；当前生效的版本将被取代。已判定的结果保留其原版本。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/specifications.py" line="355"/>
        <source>{label} approved: in force from {when}.</source>
        <translation>{label} 已批准：自 {when} 起生效。</translation>
    </message>
</context>
<context>
    <name>StartInductionForm</name>
    <message>
        <location filename="../../ui/forms/induction.py" line="154"/>
        <source>Start osteogenic induction</source>
        <translation>开始成骨诱导</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="166"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="167"/>
        <source>Scan each lot&apos;s label: it fills the first empty lot field below.</source>
        <translation>逐一扫描各批号的标签：将自动填入下方第一个空的批号字段。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="172"/>
        <source>Started at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="174"/>
        <source>Site time; not before the last seeding or harvest</source>
        <translation>现场时间；不得早于最近一次接种或收获</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="179"/>
        <source>Base medium lot</source>
        <translation>基础培养基批号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="180"/>
        <source>e.g. α-MEM; released, in date</source>
        <translation>例如 α-MEM；已放行且在有效期内</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="187"/>
        <source>Dexamethasone</source>
        <translation>地塞米松</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="195"/>
        <source>Ascorbate-2-phosphate</source>
        <translation>抗坏血酸-2-磷酸</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="203"/>
        <source>β-Glycerophosphate</source>
        <translation>β-甘油磷酸</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="212"/>
        <source>{name} lot</source>
        <translation>{name}批号</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="213"/>
        <source>Released, in date; not the same label as another supplement</source>
        <translation>已放行且在有效期内；不得与其他添加物使用同一标签</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="220"/>
        <source>{name} concentration</source>
        <translation>{name}浓度</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="223"/>
        <source>Usual {usual} {unit}; accepted {low}–{high} {unit}</source>
        <translation>通常 {usual} {unit}；可接受范围 {low}–{high} {unit}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="230"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="230"/>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="231"/>
        <source>Usual end</source>
        <translation>通常结束时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="250"/>
        <source>{first} to {last} ({low}–{high} days)</source>
        <translation>{first} 至 {last}（{low}–{high} 天）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="264"/>
        <source>The concentration is required.</source>
        <translation>浓度为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="274"/>
        <source>Scan the lot&apos;s label.</source>
        <translation>请扫描批号标签。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/induction.py" line="291"/>
        <source>lot {din}: induction started {when}; dexamethasone {dex} nM ({dex_lot}), ascorbate-2-phosphate {aa} µM ({aa_lot}), β-glycerophosphate {bgp} mM ({bgp_lot}) in {medium}</source>
        <translation>批次 {din}：诱导开始于 {when}；地塞米松 {dex} nM（{dex_lot}），抗坏血酸-2-磷酸 {aa} µM（{aa_lot}），β-甘油磷酸 {bgp} mM（{bgp_lot}），基础培养基 {medium}</translation>
    </message>
</context>
<context>
    <name>StartLotForm</name>
    <message>
        <location filename="../../ui/forms/lots.py" line="43"/>
        <source>Start a lot</source>
        <translation>启动批次</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="51"/>
        <source>Consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="52"/>
        <source>Eligibility</source>
        <translation>入组资格</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="54"/>
        <source>Start the lot</source>
        <translation>启动该批次</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="62"/>
        <source>Scan the patient&apos;s wristband.</source>
        <translation>请扫描患者腕带。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="68"/>
        <source>{version} of {when}</source>
        <translation>{version}（{when}）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="72"/>
        <source>none in force</source>
        <translation>无有效记录</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="75"/>
        <source>READY: a lot can start for this patient.</source>
        <translation>就绪：可为该患者启动批次。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="80"/>
        <source>BLOCKED: {why}</source>
        <translation>受阻：{why}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="87"/>
        <source>Scan the wristband or type the patient&apos;s MRN.</source>
        <translation>扫描腕带或输入患者病历号。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="90"/>
        <source>Lot {din} {check} started for {name}</source>
        <translation>已为 {name} 启动批次 {din} {check}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/lots.py" line="103"/>
        <source>Lot started for {name} (MRN {mrn}). Next: collect the aspirate and record it on this lot. Its DIN:</source>
        <translation>已为 {name}（病历号 {mrn}）启动批次。下一步：采集骨髓抽吸液并记录到该批次。其捐献识别号（DIN）：</translation>
    </message>
</context>
<context>
    <name>StationPanel</name>
    <message>
        <location filename="../../ui/main_window.py" line="55"/>
        <source>Station database</source>
        <translation>工作站数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="60"/>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="74"/>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Location:</source>
        <translation>位置：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="76"/>
        <source>Chosen by:</source>
        <translation>设定来源：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="77"/>
        <source>Schema revision:</source>
        <translation>数据库结构版本：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>LABTRACKER_DATABASE_URL (environment)</source>
        <translation>LABTRACKER_DATABASE_URL（环境变量）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>settings file {path}</source>
        <translation>设置文件 {path}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>default (embedded, this PC only)</source>
        <translation>默认（内置数据库，仅限本机）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94"/>
        <source>Connected. Records are saved to this database.</source>
        <translation>已连接。记录将保存到此数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="100"/>
        <source>The database could not be opened, so nothing can be recorded on this station.

{message}</source>
        <translation>无法打开数据库，因此本工作站无法记录任何内容。

{message}</translation>
    </message>
</context>
<context>
    <name>StepForm</name>
    <message>
        <location filename="../../ui/forms/base.py" line="106"/>
        <source>{label} must be a number; you entered {text}.</source>
        <translation>{label}必须为数字；您输入的是 {text}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="118"/>
        <source>{label} must be a whole number; you entered {text}.</source>
        <translation>{label}必须为整数；您输入的是 {text}。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="173"/>
        <source>Step</source>
        <extracomment>Signed after saving with this meaning (None: the step is not signed by its maker).</extracomment>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="221"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="227"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="255"/>
        <source>Check character (typed after the DIN when entered by hand)</source>
        <translation>校验字符（手动输入 DIN 时在其后输入）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="258"/>
        <source>{patient} · MRN {mrn}</source>
        <translation>{patient} · 病历号 {mrn}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="325"/>
        <source>{label} is required.</source>
        <translation>{label}为必填项。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="446"/>
        <source>wrong lot</source>
        <translation>批次不符</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="448"/>
        <source>You scanned {what}.

This form is for lot {din} {check}, patient {patient} (MRN {mrn}).</source>
        <translation>您扫描的是 {what}。

本表单针对批次 {din} {check}，患者 {patient}（病历号 {mrn}）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="466"/>
        <source>wrong patient</source>
        <translation>患者不符</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="468"/>
        <source>You scanned the wristband of MRN {scanned}.

This form is for patient {patient} (MRN {mrn}).</source>
        <translation>您扫描的是病历号 {scanned} 的腕带。

本表单针对患者 {patient}（病历号 {mrn}）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/base.py" line="480"/>
        <source>This form does not take that scan: {what}</source>
        <translation>本表单不接受该扫描：{what}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="106"/>
        <source>Scan a label, or type its code and press Enter</source>
        <translation>扫描标签，或输入其编码后按 Enter</translation>
    </message>
</context>
<context>
    <name>TakeQcSampleForm</name>
    <message>
        <location filename="../../ui/forms/quality.py" line="85"/>
        <source>Take a QC sample</source>
        <translation>取 QC 样品</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="105"/>
        <source>Test</source>
        <translation>检测项目</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="114"/>
        <source>The tests of {spec}, in force now.</source>
        <translation>当前生效的 {spec} 中的检测项目。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="127"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="129"/>
        <source>Where in the process it was taken (at most 40 characters).</source>
        <translation>在工艺中的取样环节（最多 40 个字符）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="137"/>
        <source>Sent to</source>
        <translation>送检至</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="139"/>
        <source>The laboratory that tests it (at most 120 characters).</source>
        <translation>负责检测的实验室（最多 120 个字符）。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="144"/>
        <source>Taken at</source>
        <translation>取样时间</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="146"/>
        <source>Site time; not in the future.</source>
        <translation>现场时间；不得晚于当前时间。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="149"/>
        <source>Criterion</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="150"/>
        <source>Earlier samples of this test</source>
        <translation>该检测项目之前的样品</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="153"/>
        <location filename="../../ui/forms/quality.py" line="165"/>
        <source>No RELEASE specification is in force: QA must approve one first.</source>
        <translation>没有生效的 RELEASE 质量标准：须先由 QA 批准一份。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="170"/>
        <source>Stage must be at most 40 characters.</source>
        <translation>阶段最多 40 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="181"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="189"/>
        <source>Choose the test this sample is for.</source>
        <translation>请选择该样品所对应的检测项目。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="200"/>
        <source>Sample {code} for {test}</source>
        <translation>样品 {code}，用于{test}</translation>
    </message>
    <message>
        <location filename="../../ui/forms/quality.py" line="210"/>
        <source>Sample taken for &lt;b&gt;{test}&lt;/b&gt; ({stage}); its result is judged against {spec}. Write its code on the tube:</source>
        <translation>已为&lt;b&gt;{test}&lt;/b&gt;取样（{stage}）；其结果按 {spec} 判定。请将其编码写在样品管上：</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <location filename="../../ui/tasks.py" line="162"/>
        <source>{title} did not finish: {error}

Nothing was saved half-way. Try again; if it happens again, tell the system administrator (the details are in the log).</source>
        <translation>{title}未完成：{error}

不会保存只完成一半的数据。请重试；如再次发生，请通知系统管理员（详细信息见日志）。</translation>
    </message>
</context>
<context>
    <name>TemplatesModel</name>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="55"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="56"/>
        <source>Stock</source>
        <translation>标签纸</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="57"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="58"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="59"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="60"/>
        <source>Approved at</source>
        <translation>批准时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="61"/>
        <source>Drafted by</source>
        <translation>起草人</translation>
    </message>
    <message>
        <location filename="../../ui/models/qa_label_templates.py" line="85"/>
        <source>shipped default</source>
        <translation>出厂默认</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="187"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="188"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="189"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="190"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="191"/>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="204"/>
        <source>{meaning}: {name}, {when}</source>
        <translation>{meaning}：{name}，{when}</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="210"/>
        <source> — SUPERSEDED</source>
        <translation> — 已被取代</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="212"/>
        <source> — INVALID (record changed)</source>
        <translation> — 无效（记录已更改）</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="221"/>
        <source> (voided)</source>
        <translation>（已作废）</translation>
    </message>
</context>
<context>
    <name>UnlockForm</name>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="236"/>
        <source>Unlock {username}</source>
        <translation>解锁 {username}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="238"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="242"/>
        <source>Locked after {n} failed attempts. Make sure it is its owner asking (in person or by a call back) and check the failed sign-in report before unlocking.</source>
        <translation>因 {n} 次失败尝试而锁定。解锁前请确认是账户本人提出的请求（当面或回电确认），并查看登录失败报告。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="251"/>
        <source>{username} unlocked.</source>
        <translation>已解锁 {username}。</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <location filename="../../ui/models/home_tables.py" line="218"/>
        <source>User ID</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="219"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="220"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="221"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="223"/>
        <source>Failed attempts</source>
        <translation>失败次数</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="232"/>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="234"/>
        <source>LOCKED</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="236"/>
        <source>MUST CHANGE PASSWORD</source>
        <translation>必须修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="237"/>
        <source>active</source>
        <translation>在用</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <location filename="../../ui/models/admin_users.py" line="39"/>
        <source>User ID</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="40"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="41"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="42"/>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="43"/>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="46"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="72"/>
        <source>no role</source>
        <translation>无角色</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="76"/>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="78"/>
        <source>Locked ({n} failed)</source>
        <translation>已锁定（失败 {n} 次）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="80"/>
        <source>Active ({n} failed)</source>
        <translation>在用（失败 {n} 次）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="81"/>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="95"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="105"/>
        <source>Temporary: change at sign-in</source>
        <translation>临时：登录时修改</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="111"/>
        <source>Expired {day}</source>
        <translation>已于 {day} 过期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="112"/>
        <source>Expires {day}</source>
        <translation>{day} 过期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="129"/>
        <source>A temporary password set by an administrator; its owner chooses their own at the next sign-in.</source>
        <translation>由管理员设置的临时密码；账户本人在下次登录时设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_users.py" line="133"/>
        <source>Passwords expire under the site&apos;s access policy; its owner then chooses a new one at sign-in.</source>
        <translation>密码按本中心的访问策略过期；过期后账户本人在登录时设置新密码。</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="85"/>
        <source>no role</source>
        <translation>无角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="318"/>
        <source>Users and sign-ins</source>
        <translation>用户与登录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="330"/>
        <location filename="../../ui/pages/admin/users.py" line="366"/>
        <source>manage user accounts</source>
        <translation>管理用户账户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="332"/>
        <source>see the sign-in report</source>
        <translation>查看登录报告</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="343"/>
        <source>&amp;Add user…</source>
        <translation>添加用户(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="345"/>
        <source>Change &amp;roles…</source>
        <translation>更改角色(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="347"/>
        <source>&amp;Unlock…</source>
        <translation>解锁(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="349"/>
        <source>Reset &amp;password…</source>
        <translation>重置密码(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="351"/>
        <source>&amp;Deactivate…</source>
        <translation>停用(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="370"/>
        <source>Show deactivated accounts</source>
        <translation>显示已停用的账户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="386"/>
        <source>A&amp;ccounts</source>
        <translation>账户(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="400"/>
        <source>Select an account in the table first.</source>
        <translation>请先在表格中选择一个账户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="407"/>
        <source>This account is deactivated.</source>
        <translation>该账户已停用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="413"/>
        <source>This account is not locked.</source>
        <translation>该账户未被锁定。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="418"/>
        <source>You cannot deactivate your own account.</source>
        <translation>您不能停用自己的账户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="450"/>
        <source>S&amp;how the last:</source>
        <translation>显示最近(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="454"/>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="454"/>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="458"/>
        <source>Include successful sign-ins</source>
        <translation>包括成功的登录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="477"/>
        <source>&amp;Failed sign-ins</source>
        <translation>登录失败(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="518"/>
        <source>{n} failed attempts in the last {period}.</source>
        <translation>最近 {period}内有 {n} 次失败尝试。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="522"/>
        <source>1 failed attempt in the last {period}.</source>
        <translation>最近 {period}内有 1 次失败尝试。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="531"/>
        <source>{active} active accounts ({locked} locked, {temporary} with a temporary password); {inactive} deactivated.</source>
        <translation>{active} 个在用账户（{locked} 个已锁定，{temporary} 个使用临时密码）；{inactive} 个已停用。</translation>
    </message>
</context>
<context>
    <name>VersionedDocumentsPage</name>
    <message>
        <location filename="../../ui/pages/versioned_documents.py" line="147"/>
        <source>Refresh (F5)</source>
        <translation>刷新 (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/versioned_documents.py" line="148"/>
        <source>&amp;Draft new version…</source>
        <translation>起草新版本(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/versioned_documents.py" line="149"/>
        <source>&amp;Approve…</source>
        <translation>批准(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/versioned_documents.py" line="256"/>
        <source>You drafted {label}: a second QA person must approve it.</source>
        <translation>{label} 由您起草：须由第二名 QA 人员批准。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/versioned_documents.py" line="267"/>
        <source>{label} saved as a draft. A second QA person must approve it.</source>
        <translation>{label} 已保存为草稿。须由第二名 QA 人员批准。</translation>
    </message>
</context>
<context>
    <name>VesselTreeModel</name>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="266"/>
        <source>Vessel</source>
        <translation>培养容器</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="267"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="268"/>
        <source>Seeded</source>
        <translation>接种</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="269"/>
        <source>Cells seeded</source>
        <translation>接种细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="270"/>
        <source>Density (cells/cm²)</source>
        <translation>密度（cells/cm²）</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="271"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="272"/>
        <source>Cells harvested</source>
        <translation>收获细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="273"/>
        <source>PD (cumulative)</source>
        <translation>PD（累计）</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="276"/>
        <source>In culture</source>
        <translation>培养中</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="277"/>
        <source>Harvested</source>
        <translation>收获</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="278"/>
        <source>Discarded</source>
        <translation>已销毁</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="327"/>
        <source>pooled, see {code}</source>
        <translation>已合并，见 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="330"/>
        <source> (pool of {n})</source>
        <translation>（{n} 个合并）</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="364"/>
        <source>Harvested {when}, viability {viability:.1f} %</source>
        <translation>收获于 {when}，活率 {viability:.1f} %</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="371"/>
        <source>Pooled with {codes}</source>
        <translation>与 {codes} 合并</translation>
    </message>
    <message>
        <location filename="../../ui/models/lot_page_models.py" line="375"/>
        <source>Doubling time {dt:.1f} h</source>
        <translation>倍增时间 {dt:.1f} h</translation>
    </message>
</context>
<context>
    <name>VesselTypeForm</name>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="34"/>
        <source>Add a vessel type</source>
        <translation>添加培养容器类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="36"/>
        <source>Change vessel type {code}</source>
        <translation>更改培养容器类型 {code}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="38"/>
        <source>Add vessel type</source>
        <translation>添加培养容器类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="38"/>
        <source>Save change</source>
        <translation>保存更改</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="46"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="46"/>
        <source>As staff say it, e.g. T225, 12WELL.</source>
        <translation>按员工的习惯叫法，例如 T225、12WELL。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="51"/>
        <source>{n} vessels already seeded as {code} keep the area they were seeded with ({area} cm²); a new area applies to vessels seeded from now on.</source>
        <translation>已按 {code} 接种的 {n} 个培养容器保留接种时的面积（{area} cm²）；新面积仅适用于此后接种的容器。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="57"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="60"/>
        <source>Growth area</source>
        <translation>生长面积</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="62"/>
        <source>cm², whole vessel</source>
        <translation>cm²，整个容器</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="67"/>
        <source>Wells or layers</source>
        <translation>孔数或层数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="69"/>
        <source>1 for a flask; 6 for a 6-well plate (area is then 6 × one well).</source>
        <translation>培养瓶为 1；6 孔板为 6（面积为 6 × 单孔面积）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="73"/>
        <source>Medium volume</source>
        <translation>培养基体积</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="74"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="75"/>
        <source>mL</source>
        <translation>mL</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="79"/>
        <source>Plausible harvest ceiling</source>
        <translation>合理收获上限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="81"/>
        <source>cells/cm²</source>
        <translation>cells/cm²</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="82"/>
        <source>A harvest above this is refused as a typing error (shipped: 100,000).</source>
        <translation>收获高于此值将视为输入错误而被拒绝（出厂默认：100,000）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="84"/>
        <source>Area per well or layer</source>
        <translation>每孔或每层面积</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="85"/>
        <source>Most cells per vessel</source>
        <translation>每个容器最多细胞数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="104"/>
        <source>{area} cm²</source>
        <translation>{area} cm²</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="108"/>
        <source>{n} cells</source>
        <translation>{n} 个细胞</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="129"/>
        <source>{code} ({name}, {area} cm²) added to the vessel catalogue.</source>
        <translation>已将 {code}（{name}，{area} cm²）添加到培养容器目录。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="136"/>
        <source>Nothing to change: these are its values now.</source>
        <translation>无需更改：这些就是当前值。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/catalogue.py" line="142"/>
        <source>{code} changed ({fields}).</source>
        <translation>{code} 已更改（{fields}）。</translation>
    </message>
</context>
<context>
    <name>VesselTypesModel</name>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="20"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="21"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="24"/>
        <source>Area
(cm²)</source>
        <translation>面积
（cm²）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="30"/>
        <source>Wells or
layers</source>
        <translation>孔数或
层数</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="36"/>
        <source>Per well or
layer (cm²)</source>
        <translation>每孔或每层
（cm²）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="42"/>
        <source>Medium
(mL)</source>
        <translation>培养基
（mL）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="48"/>
        <source>Harvest max
(cells/cm²)</source>
        <translation>收获上限
（cells/cm²）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="52"/>
        <source>A harvest of more than {cells} cells from one {code} is refused as a typing error.</source>
        <translation>单个 {code} 收获超过 {cells} 个细胞将视为输入错误而被拒绝。</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="58"/>
        <source>Vessels
seeded</source>
        <translation>已接种
容器</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="62"/>
        <source>Each vessel keeps the growth area it was seeded with; a change here applies to new vessels only.</source>
        <translation>每个培养容器保留其接种时的生长面积；此处的更改仅适用于新容器。</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="66"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="77"/>
        <source>In use</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_catalogue.py" line="77"/>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
</context>
<context>
    <name>WithdrawConsentForm</name>
    <message>
        <location filename="../../ui/forms/patients.py" line="834"/>
        <source>Withdraw consent</source>
        <translation>撤回知情同意</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="839"/>
        <source>Withdrawn on</source>
        <translation>撤回日期</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="841"/>
        <source>Not before the consent date, not in the future.</source>
        <translation>不得早于知情同意日期，不得晚于今天。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="846"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="848"/>
        <source>In the patient&apos;s words where possible.</source>
        <translation>尽可能使用患者原话。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="852"/>
        <source>Record withdrawal</source>
        <translation>记录撤回</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="857"/>
        <source>This patient has no consent in force to withdraw.</source>
        <translation>该患者没有可撤回的有效知情同意。</translation>
    </message>
    <message>
        <location filename="../../ui/forms/patients.py" line="870"/>
        <source>Consent withdrawn on {when} for MRN {mrn}</source>
        <translation>病历号 {mrn} 的知情同意已于 {when} 撤回</translation>
    </message>
</context>
<context>
    <name>WorkListModel</name>
    <message>
        <location filename="../../ui/models/home_tables.py" line="56"/>
        <source>BLOCKED</source>
        <translation>受阻</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="57"/>
        <source>EXPIRED</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="58"/>
        <source>OVERDUE</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="59"/>
        <source>DUE</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="60"/>
        <source>later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="65"/>
        <source>When</source>
        <translation>时限</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="71"/>
        <source>DIN</source>
        <translation>DIN</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="77"/>
        <source>Patient / MRN</source>
        <translation>患者 / 病历号</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="81"/>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="87"/>
        <source>Deviations</source>
        <translation>偏差</translation>
    </message>
    <message>
        <location filename="../../ui/models/home_tables.py" line="89"/>
        <source>{n} open</source>
        <translation>{n} 个未关闭</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../ui/navigation.py" line="24"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="44"/>
        <source>All lots</source>
        <translation>全部批次</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="49"/>
        <source>Patients</source>
        <translation>患者</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="54"/>
        <source>Deviations</source>
        <translation>偏差</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="62"/>
        <source>Bedside check</source>
        <translation>床旁核对</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="72"/>
        <source>Specifications</source>
        <translation>质量标准</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="77"/>
        <source>Label templates</source>
        <translation>标签模板</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="94"/>
        <source>Users and sign-ins</source>
        <translation>用户与登录</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="102"/>
        <source>Materials</source>
        <translation>物料</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="110"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="119"/>
        <source>Vessel catalogue</source>
        <translation>培养容器目录</translation>
    </message>
    <message>
        <location filename="../../ui/navigation.py" line="124"/>
        <source>Site settings</source>
        <translation>中心设置</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="73"/>
        <source>Scan or type a DIN, vessel, QC sample, reagent lot or wristband, then Enter  (F2)</source>
        <translation>扫描或输入 DIN、培养容器、QC 样品、试剂批号或腕带，然后按 Enter  (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="156"/>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../ui/workspace.py" line="156"/>
        <source>Lot {din}</source>
        <translation>批次 {din}</translation>
    </message>
</context>
<context>
    <name>WristbandForm</name>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="343"/>
        <source>Change the wristband prefix</source>
        <translation>更改腕带前缀</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="343"/>
        <source>Save prefix</source>
        <translation>保存前缀</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="348"/>
        <source>Warning: the hospital&apos;s wristbands must carry this prefix before the MRN; a band printed with another prefix is not recognised at the bedside.</source>
        <translation>警告：医院腕带必须在病历号前带有此前缀；印有其他前缀的腕带在床旁将无法识别。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="357"/>
        <source>Wristband prefix</source>
        <translation>腕带前缀</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="359"/>
        <source>e.g. MRN: (a band then reads MRN:MRN0012345)</source>
        <translation>例如 MRN:（腕带读取为 MRN:MRN0012345）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="369"/>
        <source>Nothing to change: this is the prefix now.</source>
        <translation>无需更改：这就是当前的前缀。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="372"/>
        <source>wristband prefix {prefix}.</source>
        <translation>腕带前缀 {prefix}。</translation>
    </message>
</context>
<context>
    <name>_LotModel</name>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="58"/>
        <source>Quarantine</source>
        <translation>待验</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="59"/>
        <source>Released</source>
        <translation>已放行</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="60"/>
        <source>Rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="61"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="71"/>
        <source>{word} (never released)</source>
        <translation>{word}（从未放行）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="87"/>
        <source>{day} (today)</source>
        <translation>{day}（今天）</translation>
    </message>
    <message>
        <location filename="../../ui/models/admin_materials.py" line="88"/>
        <source>{day} (in {n} days)</source>
        <translation>{day}（{n} 天后）</translation>
    </message>
</context>
<context>
    <name>_Names</name>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="80"/>
        <source>Expiry after QA release</source>
        <translation>QA 放行后的有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="80"/>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="81"/>
        <source>Aspirate receipt: latest after collection</source>
        <translation>骨髓抽吸液接收：采集后最晚时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="82"/>
        <source>Aspirate receipt: lowest temperature</source>
        <translation>骨髓抽吸液接收：最低温度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="83"/>
        <source>Aspirate receipt: highest temperature</source>
        <translation>骨髓抽吸液接收：最高温度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="84"/>
        <source>Seeding density: lowest</source>
        <translation>接种密度：最低</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="85"/>
        <source>Seeding density: highest</source>
        <translation>接种密度：最高</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="86"/>
        <source>Cells for scaffold seeding</source>
        <translation>支架接种细胞浓度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="87"/>
        <source>Times entered: clock tolerance</source>
        <translation>输入时间：时钟容差</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="87"/>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="88"/>
        <source>Osteogenic induction: shortest</source>
        <translation>成骨诱导：最短</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="88"/>
        <location filename="../../ui/pages/admin/site_settings.py" line="89"/>
        <location filename="../../ui/pages/admin/site_settings.py" line="95"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="89"/>
        <source>Osteogenic induction: longest</source>
        <translation>成骨诱导：最长</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="94"/>
        <source>Shortest password</source>
        <translation>密码最短长度</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="94"/>
        <source>characters</source>
        <translation>个字符</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="95"/>
        <source>Password expires after</source>
        <translation>密码有效期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="97"/>
        <source>Earlier passwords that may not be reused</source>
        <translation>不得重复使用的历史密码数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="98"/>
        <source>passwords</source>
        <translation>个密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="101"/>
        <source>Lock the account after</source>
        <translation>账户锁定前允许的失败次数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="102"/>
        <source>failed attempts</source>
        <translation>次失败尝试</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="104"/>
        <source>Lock an idle station after</source>
        <translation>工作站空闲锁定时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="104"/>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
</context>
<context>
    <name>_NumbersForm</name>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="266"/>
        <source>Allowed: {range}</source>
        <translation>允许范围：{range}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/site_settings.py" line="279"/>
        <source>Nothing to change: these are the values in force.</source>
        <translation>无需更改：这些就是当前生效的值。</translation>
    </message>
</context>
<context>
    <name>_PasswordFields</name>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="94"/>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="97"/>
        <source>At least 10 characters, three of: lower case, capitals, digits, symbols. Give it to its owner in person; they must choose their own at the next sign-in.</source>
        <translation>至少 10 个字符，包含小写字母、大写字母、数字、符号中的三类。请当面交给账户本人；其下次登录时必须设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="102"/>
        <source>Repeat it</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="109"/>
        <source>Type a temporary password.</source>
        <translation>请输入临时密码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="111"/>
        <source>The two passwords differ; type them again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>_ReceiveForm</name>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="86"/>
        <source>Expired on {day}: an expired lot cannot be received.</source>
        <translation>已于 {day} 过期：过期的批号不能接收。</translation>
    </message>
</context>
<context>
    <name>_SeedingRow</name>
    <message>
        <location filename="../../ui/forms/culture.py" line="225"/>
        <source> ×</source>
        <translation> 个</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="227"/>
        <source>How many vessels of this kind, each seeded the same</source>
        <translation>此类培养容器的数量，每个接种量相同</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="231"/>
        <source>{code} ({area} cm²)</source>
        <translation>{code}（{area} cm²）</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="235"/>
        <source>e.g. 350000</source>
        <translation>例如 350000</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="237"/>
        <source>cells per vessel</source>
        <translation>个细胞/容器</translation>
    </message>
    <message>
        <location filename="../../ui/forms/culture.py" line="239"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>_Tab</name>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="366"/>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="372"/>
        <source>Searc&amp;h:</source>
        <translation>搜索(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/admin/materials.py" line="409"/>
        <source>{n} of {total} shown.</source>
        <translation>显示 {n} / {total}。</translation>
    </message>
</context>
<context>
    <name>_UserForm</name>
    <message>
        <location filename="../../ui/pages/admin/users.py" line="178"/>
        <source>Account: {username} ({name}); roles now: {roles}.</source>
        <translation>账户：{username}（{name}）；当前角色：{roles}。</translation>
    </message>
</context>
</TS>
