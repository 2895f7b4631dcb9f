"""zh-CN translations of the console's messages; `python tools/translations_zh.py` writes
the Babel catalog src/aftersales/web/locale/zh_CN/LC_MESSAGES/messages.po from this table."""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ZH = {
    "Active": "启用", "Aftersales": "售后服务", "All": "全部", "Back to my work": "返回我的工作",
    "Brand": "品牌", "Category": "品类", "Code": "代码", "Counter": "专柜", "Counters": "专柜",
    "Customer": "顾客", "Customer phone": "顾客电话", "Customers": "顾客",
    "Display name": "姓名", "E-mail": "电子邮件", "Edit user": "编辑用户", "Floor": "楼层",
    "From": "起始日期", "History": "变更记录", "Item": "商品", "Items": "商品",
    "Log in": "登录", "Log out": "退出", "Member": "会员", "Member no.": "会员号",
    "My work": "我的工作", "Name": "名称", "Name, phone or member no.": "姓名、电话或会员号",
    "New counter": "新增专柜", "New store": "新增门店", "New user": "新增用户",
    "Next page": "下一页", "No changes recorded.": "暂无变更记录。",
    "No customers found.": "未找到顾客。", "No receipts found.": "未找到小票。",
    "Not a valid Chinese phone number": "不是有效的中国电话号码", "Paid": "实付",
    "Password": "密码", "Phone": "电话", "Purchases": "购买记录", "Qty": "数量",
    "Receipt": "小票", "Receipt no.": "小票号", "Receipts": "小票查询",
    "Recent sales I can see": "我可见的近期销售", "Role": "角色", "Save": "保存",
    "Scope": "范围", "Search": "查询",
    "Search by name, phone or member number.": "按姓名、电话或会员号查询。",
    "Search by receipt number, the customer's phone, dates, store or counter.":
        "按小票号、顾客电话、日期、门店或专柜查询。",
    "Sold at": "销售时间", "Staff": "营业员", "Store": "门店", "Stores and counters": "门店与专柜",
    "Tag price": "吊牌价", "To": "截止日期", "Total paid": "实付合计", "Username": "用户名",
    "Users": "用户", "after": "之后", "before": "之前", "group": "集团", "saved": "已保存",
    "Username or password is wrong": "用户名或密码错误",
    # roles
    "staff": "专柜员工", "counter_manager": "专柜店长", "floor_supervisor": "现场主管",
    "manager_assistant": "经理助理", "dept_manager": "商品部经理",
    "complaint_station": "投诉站", "technician": "维修技术员", "warehouse": "仓管",
    "inspector": "督导", "admin": "管理员",
    # categories and audit actions
    "apparel": "服装", "knitwear": "针织", "footwear": "鞋类", "appliance": "家电",
    "mobile_phone": "手机", "general": "百货", "created": "创建", "updated": "修改",
    "sales_imported": "导入销售",
    "Complaints": "投诉",
    "Enter a sale": "录入销售", "Record the sale": "保存销售", "Sale recorded": "销售已录入",
    # claims, repairs and the policy view
    "After-sales": "售后", "Amount": "金额", "Apparel": "服装类", "At most": "最多",
    "Back to the claim": "返回售后单", "Basis": "依据", "Categories": "品类",
    "Check the policy": "查询政策", "Choose": "选择", "Choose this remedy": "选择此处理方式",
    "Claim": "售后单", "Claim closed": "售后单已结案", "Claim desk": "售后受理台",
    "Claim opened": "售后单已受理", "Claim slip": "售后单据", "Claims and work orders": "售后与维修",
    "Clause": "条款", "Close the claim": "结案", "Condition of the item": "商品状态",
    "Confirm it is in stock": "确认已入库", "Customer signature": "顾客签字",
    "Decision overridden": "已改判", "Diagnosis": "检测结果", "Due": "期限",
    "E-mail the slip": "发送单据邮件", "Exchange recorded": "已登记换货", "Factory": "厂家",
    "Fault fixed?": "故障是否排除？", "Find the sale": "查找销售", "Footwear": "鞋类",
    "General": "通用", "Given in exchange": "换出商品", "Handed back": "已交还",
    "In force since": "生效日期", "Kind": "类型", "Legal basis": "法律依据",
    "Material (footwear)": "材质（鞋类）", "Method": "退款方式", "Next step": "下一步",
    "No": "不予", "No open claims.": "暂无未结售后单。", "No open work orders.": "暂无未完成维修单。",
    "No, still failing": "否，仍有故障", "Note": "备注", "Notes": "提示",
    "Open claims": "未结售后单", "Open the claim": "受理售后", "Open work orders": "未完成维修单",
    "Opened": "受理时间", "Overridden": "已改判", "Override": "改判",
    "Override the decision": "改判", "Paid out": "已付款", "Part": "部位",
    "Parts used": "所用配件", "Parts used (one per line)": "所用配件（每行一项）",
    "Payment recorded": "已登记付款", "Pick this item": "选择此商品", "Policies": "三包政策",
    "Policy": "政策", "Policy decision": "政策决定", "Printable slip": "打印单据",
    "Problem": "问题", "Proof the customer shows": "顾客出示的凭证", "Quote": "报价",
    "Reason (required)": "理由（必填）", "Record the exchange": "登记换货",
    "Record the payment": "登记付款", "Record the request without a remedy": "仅登记申请",
    "Remedies": "处理方式", "Remedy": "处理方式", "Remedy chosen": "已选择处理方式",
    "Repaired": "已修好", "Requested on": "申请日期", "Returned stock": "退货入库",
    "Returned stock confirmed": "退货已确认入库", "SKU given out": "换出商品编码",
    "Send": "发送", "Sent to the factory": "已返厂", "Shared layers": "共用规则",
    "Start a claim": "售后受理", "Status": "状态", "Step recorded": "已登记",
    "Steps": "维修进度", "Taken in": "接收",
    "The item is being repaired; the work order moves the claim on when it is handed back.":
        "商品维修中；维修单交还顾客后售后单自动进入下一步。",
    "The slip will be e-mailed": "单据将通过邮件发送", "Turn this into a complaint": "转为投诉",
    "Version": "版本", "What is wrong?": "问题描述", "Work order": "维修单",
    "Work orders": "维修单", "Yes": "是", "accept-quote": "顾客同意报价", "accepted": "已同意",
    "at most": "最多", "confirmed": "已确认", "diagnose": "登记检测结果", "extends": "继承",
    "fixed": "已排除故障", "hand-back": "交还顾客", "quote": "报价",
    "quote declined, not repaired": "顾客不同意报价，未修理", "repaired": "登记已修好",
    "send-to-factory": "返厂维修", "still failing": "仍有故障", "version": "版本",
    "waiting for the warehouse": "等待仓管确认",
    "claim_opened": "受理售后", "remedy_chosen": "选择处理方式", "refund_paid": "付款",
    "exchange_given": "换货", "claim_closed": "结案", "repair_handed_back": "维修交还",
    "decision_overridden": "改判", "returned_stock_confirmed": "退货入库确认",
    "slip_emailed": "发送单据邮件", "work_opened": "开维修单", "work_diagnosed": "检测",
    "work_quoted": "报价", "work_accepted": "顾客同意报价", "work_at_factory": "返厂",
    "work_repaired": "修好", "work_handed_back": "交还顾客",
}


# complaints: the console pages, the customer's self-service pages, flashes and audit actions
ZH.update({
    "Acknowledge (first feedback)": "受理（首次反馈）", "Add the task": "添加任务",
    "Agreed": "已达成协议", "All I can see": "我可见的全部投诉", "All complaints": "全部投诉",
    "Attachments": "附件", "Batch": "批号", "Carry it out": "执行处理协议", "Cause": "投诉原因",
    "Channel": "投诉渠道", "Clear": "清除", "Closed": "结案时间",
    "Code the customer read out": "顾客报出的确认码", "Comment": "评价内容",
    "Complaint": "投诉", "Complaint received": "投诉已受理",
    "Complaints I can see": "我可见的投诉", "Complaints waiting at my level": "待我层级处理的投诉",
    "Confirm with the code": "用确认码确认", "Confirm with the signature": "用签名确认",
    "Contacts and notes": "联系与记录", "Cost": "费用", "Customer e-mail": "顾客邮箱",
    "Customer name": "顾客姓名", "Customer rating": "顾客评价", "Customer service": "顾客服务",
    "Deduct 5 points": "扣5分", "Escalate": "升级", "Escalate to": "升级至",
    "File (JPEG, PNG, PDF, MP3, M4A, WAV)": "文件（JPEG、PNG、PDF、MP3、M4A、WAV）",
    "Filled in below where the field was empty; check and correct it.":
        "已填入下方空白项，请核对并修改。",
    "Filter": "筛选", "Finding": "核实结论", "Follow-up call": "回访", "For": "负责",
    "Hand to (username at this level)": "转交给（本层级的用户名）", "Handled by": "处理层级",
    "Handled outside the process (−5 points for the counter) because":
        "违规处理（专柜扣5分），原因",
    "Handling steps": "处理投诉程序", "Held by": "处理人", "How did we do?": "请评价我们的服务",
    "In a few words": "投诉标题", "Is the customer satisfied?": "顾客是否满意？",
    "Keep this code.": "请保存此查询码。", "Kind of complaint": "投诉类别", "Level": "层级",
    "Look it up": "查询", "Make a complaint": "我要投诉", "Make the proposal": "提出方案",
    "More actions": "更多操作", "My level's queue": "本层级待办",
    "No complaint matches this code and phone number. Check both and try again.":
        "未找到与该查询码和手机号对应的投诉，请核对后重试。",
    "No complaints here.": "暂无投诉。", "No customer recorded.": "未登记顾客。",
    "No files.": "暂无附件。", "No proposal yet.": "尚未提出方案。",
    "No suggestion from these words; choose the type and cause yourself.":
        "无法根据描述推荐，请自行选择类型和原因。",
    "No, reopen the case": "不满意，重新处理", "None.": "无。", "Not asked yet": "尚未询问",
    "Nothing to carry out: go to follow-up": "无需执行，进入回访",
    "Nothing waiting.": "暂无待办。", "Or the customer signs on the tablet:": "或由顾客在平板上签名：",
    "Other complaints": "其他投诉", "Outcome": "处理结果", "Passed to": "转至", "Pause": "暂停",
    "Pause the clocks: waiting on the customer because": "暂停计时（等待顾客），原因",
    "Paused": "已暂停计时", "Please correct the fields marked below.": "请修改下方标出的内容。",
    "Product": "商品", "Product and receipt": "商品与小票",
    "Proposals and agreement": "处理方案与协议", "Propose a solution": "提出处理方案",
    "Rated": "已评价", "Rating": "评分", "Rating given on the phone": "电话中顾客评分",
    "Reason": "原因", "Reassign": "转交", "Receipt no. (if you have it)": "小票号（如有）",
    "Record": "记录类型", "Record the discipline": "登记处分", "Record the follow-up": "登记回访",
    "Recorded by": "登记人", "Refer": "提交仲裁",
    "Refer to consumer-association arbitration because": "提交消协仲裁，原因",
    "Register": "登记", "Register a complaint": "登记投诉", "Registered": "登记时间",
    "Resolve by": "解决期限", "Respond by": "反馈期限", "Resume the clocks": "恢复计时",
    "SMS": "短信", "Save the classification": "保存分类", "Save the note": "保存记录",
    "Search results": "查询结果", "Search the text": "全文查询",
    "Send a confirmation code by": "确认码发送方式", "Send down": "下转", "Send down to": "下转至",
    "Send my complaint": "提交投诉", "Send my rating": "提交评价", "Send the code": "发送确认码",
    "Severity": "严重程度", "Solution agreed": "已达成处理协议", "Staff concerned": "涉及员工",
    "Staff concerned (username)": "涉及员工（用户名）", "Step": "步骤",
    "Steps so far": "处理进度", "Suggest type and cause": "推荐类型和原因", "Suggested": "推荐",
    "Task": "任务", "Tasks": "任务",
    "Tell us what happened. You will get a tracking code to follow your complaint.":
        "请告诉我们发生了什么。提交后您将获得查询码，可随时查询处理进度。",
    "Thank you for your rating.": "感谢您的评价。",
    "The customer declined: work on another proposal": "顾客不接受：重新提出方案",
    "The customer seeks": "投诉心理", "The customer withdrew the complaint because": "顾客撤回投诉，原因",
    "The customer's complaints": "该顾客的投诉", "The proposal": "处理方案",
    "This complaint cannot be rated: check the code and phone, or wait until it is closed.":
        "该投诉暂不能评价：请核对查询码和手机号，或待结案后再评价。",
    "Tick": "登记完成", "Title": "标题", "To be resolved by": "预计解决时间",
    "Track my complaint": "查询投诉进度", "Tracking code": "查询码",
    "Tracking code (from the SMS)": "查询码（见短信）", "Type": "投诉类型", "Upload": "上传",
    "Verified against staff member (username)": "核实投诉的员工（用户名）",
    "We will answer by": "预计反馈时间", "What happened": "投诉内容",
    "What happened and how": "事情经过", "What the customer wants": "顾客诉求",
    "What would you like us to do?": "您希望我们如何处理？", "When and where": "时间地点",
    "When it happened": "发生时间", "Where (place)": "地点", "Who": "顾客",
    "With it and your phone number you can see how your complaint is handled.":
        "凭查询码和手机号可查询投诉处理进度。",
    "Withdrawn": "撤回", "Yes, close the case": "满意，结案", "Your name": "您的姓名",
    "Your phone number": "您的手机号", "Your rating": "您的评价", "Your tracking code is": "您的查询码是",
    "answered": "已反馈", "e.g. ship the replacement": "例如：发出换货商品",
    "e.g. 态度 开胶": "例如：态度 开胶", "keywords": "关键词", "not satisfied": "不满意",
    "open": "未完成", "satisfied": "满意", "the next level": "上一级",
    # flashes
    "Complaint registered": "投诉已登记", "Acknowledged": "已受理", "Escalated": "已升级",
    "Sent down": "已下转", "Reassigned": "已转交", "Clocks paused": "已暂停计时",
    "Clocks running again": "已恢复计时", "Status changed": "状态已更新",
    "Classification saved": "分类已保存", "Proposal recorded": "方案已提出",
    "Confirmation code sent": "确认码已发送", "Agreement confirmed": "顾客已确认处理协议",
    "Task added": "任务已添加", "Follow-up recorded": "回访已登记", "Note recorded": "记录已保存",
    "Referred to arbitration": "已提交消协仲裁", "Discipline recorded": "处分已登记",
    "Five points deducted": "已扣5分", "File attached": "附件已上传",
    # audit actions of a complaint
    "registered": "登记", "escalated": "升级", "deescalated": "下转", "reassigned": "转交",
    "acknowledged": "受理", "paused": "暂停计时", "resumed": "恢复计时",
    "status_changed": "状态变更", "step_done": "完成处理步骤", "classified": "分类",
    "proposed": "提出方案", "code_sent": "发送确认码", "agreed": "达成协议",
    "task_added": "添加任务", "task_done": "任务完成", "task_undone": "任务撤销完成",
    "followed_up": "回访", "rated": "顾客评价", "attachment_added": "上传附件",
    "goods_retrieved": "收回商品送检", "media_enquiry": "媒体问询", "call_recording": "通话录音",
    "note": "备注", "respond_overdue": "反馈超时", "deadline_warning": "即将超时提醒",
    "resolve_overdue": "解决超时",
})


# the notifications page
ZH.update({
    "Notifications": "消息通知", "Sent by": "发送方式", "State": "状态",
    "Attempts": "尝试次数", "Last error": "最近错误", "Retry": "重发", "Older": "更早",
    "No messages.": "暂无消息。", "Created": "创建时间", "Recipient": "接收人",
    "Subject": "主题", "Message queued again": "消息已重新排队发送",
    "pending": "待发送", "sent": "已发送", "failed": "发送失败",
    "email": "电子邮件", "sms": "短信", "webhook": "接口推送",
    "Every e-mail and SMS the system sends waits here until the worker delivers it. Without "
    "an SMTP server or an SMS gateway a message stays waiting and shows why; retry it once "
    "the gateway answers.": "系统发出的每一封邮件和每一条短信都先在这里排队，由后台任务投递。"
    "未配置邮件服务器或短信网关时，消息会一直等待并显示原因；网关恢复后可点击重发。",
})


# history panels: field names, values and actions
ZH.update({
    "Day": "日期", "Fixed": "已修好", "Holder": "处理人", "Points": "分数",
    "Staff member": "员工", "yes": "是", "no": "否", "system": "系统",
    "deducted": "扣分", "deleted": "删除", "demo_loaded": "载入演示数据", "retried": "重发",
    "reversed": "撤销", "set": "设置", "work_diagnosed": "维修检测", "work_quoted": "维修报价",
    "work_accepted": "顾客接受报价", "work_at_factory": "送厂维修", "work_repaired": "维修完成",
    "work_handed_back": "交还顾客",
})


def main() -> None:
    catalog = Catalog(locale="zh_CN", project="aftersales")
    for message_id, text in sorted(ZH.items()):
        catalog.add(message_id, text)
    target = Path(__file__).parents[1] / "src/aftersales/web/locale/zh_CN/LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.po").open("wb") as fh:
        write_po(fh, catalog, width=100)


if __name__ == "__main__":
    main()
