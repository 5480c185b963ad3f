-- Seller training: modules are drafted by staff and published; editing a published module's content or quiz makes a
-- new version. A seller completes a module version once, on its first passing attempt; the evaluation counts the
-- distinct modules a seller completed in the window. Three modules from the platform's rules are seeded here, so a
-- fresh database (not only the demo) has training to take.

ALTER TABLE training_modules DROP CONSTRAINT training_modules_status_check;
UPDATE training_modules SET status = 'published' WHERE status = 'active';
ALTER TABLE training_modules ALTER COLUMN status SET DEFAULT 'draft';
ALTER TABLE training_modules ADD CONSTRAINT training_modules_status_check CHECK (status IN ('draft', 'published', 'archived'));
CREATE INDEX training_modules_listed ON training_modules (position, id) WHERE status = 'published';

-- One completion per seller and module version: the primary key makes a second passing attempt (or two at once)
-- record nothing more.
CREATE TABLE training_completions (
  seller_id text NOT NULL REFERENCES sellers(id),
  module_id text NOT NULL REFERENCES training_modules(id),
  module_version integer NOT NULL,
  attempt_id text NOT NULL REFERENCES training_attempts(id),
  user_id text NOT NULL REFERENCES users(id),
  completed_at timestamptz NOT NULL,
  PRIMARY KEY (seller_id, module_id, module_version)
);
CREATE INDEX training_completions_seller ON training_completions (seller_id, completed_at);
CREATE INDEX training_attempts_seller_module ON training_attempts (seller_id, module_id, created_at DESC);

-- Questions: [{id, prompt: {en, zh}, options: [{en, zh}], answers: [index, …]}]; a question is right when the chosen
-- options are exactly its answers.
INSERT INTO training_modules (id, slug, title_en, title_zh, summary_en, summary_zh, content_en, content_zh, questions, pass_mark, position, status, version, created_at, updated_at)
VALUES
('trn_dispatch_tracking', 'dispatch-and-tracking',
 'Dispatch on time with valid tracking', '按时发货并提供有效物流单号',
 'Processing time, the dispatch deadline, valid tracking numbers and why fictitious dispatch is fraud.',
 '备货时间、发货截止时间、有效物流单号，以及为什么虚假发货属于欺诈。',
$en$Every paid order has a dispatch deadline: your processing time (3 business days by default) counted in your own business-day calendar from payment. The deadline is shown on the order and does not move.

- Hand the parcel to the carrier before the deadline and enter the tracking number in the same step. An order dispatched after its deadline counts as a late shipment.
- Use the shipping method the buyer chose, and a carrier that issues real tracking numbers.
- The tracking number must belong to this parcel. The platform checks its format and waits for the carrier's first scan.
- A tracking number with no carrier scan 5 days after dispatch raises a fictitious-dispatch signal. A number that never moves, or belongs to another parcel, is fictitious dispatch: that is fraud and leads to penalty points or a ban.
- If you cannot ship (out of stock), say so at once: a cancellation through your fault counts against you, but a silent late order counts twice — late and then cancelled.

Your scorecard measures this every day: late shipment rate (target below 4 % over 30 days) and valid tracking rate (target at least 95 % over 30 days).$en$,
$zh$每笔已付款订单都有发货截止时间：从付款起，按您所在地的工作日日历计算备货时间（默认 3 个工作日）。截止时间显示在订单上，不会变动。

- 请在截止时间之前把包裹交给承运商，并在同一步骤中填写物流单号。超过截止时间才发货的订单计为延迟发货。
- 请使用买家选择的运输方式，并选择能提供真实物流单号的承运商。
- 物流单号必须属于这个包裹。平台会校验单号格式，并等待承运商的第一条扫描记录。
- 发货后 5 天内没有任何承运商扫描记录的单号会触发虚假发货预警。单号从不更新，或属于其他包裹，即为虚假发货：这是欺诈行为，将被扣分甚至封店。
- 如果无法发货（缺货），请立即说明：卖家责任取消会影响您的评分，但默不作声的延迟订单会被计两次——先是延迟，然后是取消。

您的评分卡每天都会衡量这些指标：延迟发货率（30 天内目标低于 4%）和有效物流跟踪率（30 天内目标不低于 95%）。$zh$,
$q$[
 {"id": "q1", "prompt": {"en": "When does an order's dispatch deadline fall?", "zh": "订单的发货截止时间如何确定？"},
  "options": [{"en": "Your processing time in business days, counted from payment", "zh": "从付款起按工作日计算的备货时间"},
              {"en": "Whenever the buyer asks for the parcel", "zh": "买家催促的时候"},
              {"en": "30 calendar days after the order is placed", "zh": "下单后 30 个自然日"}],
  "answers": [0]},
 {"id": "q2", "prompt": {"en": "What counts as a late shipment?", "zh": "什么情况计为延迟发货？"},
  "options": [{"en": "The parcel reaches the buyer after the estimated delivery date", "zh": "包裹晚于预计送达日期到达买家"},
              {"en": "The parcel is handed to the carrier after the dispatch deadline", "zh": "包裹在发货截止时间之后才交给承运商"},
              {"en": "The buyer leaves a negative review", "zh": "买家给出差评"}],
  "answers": [1]},
 {"id": "q3", "prompt": {"en": "Your tracking number has no carrier scan 5 days after dispatch. What happens?", "zh": "发货 5 天后物流单号仍没有任何承运商扫描记录，会怎样？"},
  "options": [{"en": "Nothing, tracking is optional", "zh": "没有影响，物流跟踪是可选的"},
              {"en": "A fictitious-dispatch signal is raised against the order", "zh": "该订单会触发虚假发货预警"},
              {"en": "The order is automatically refunded to you", "zh": "订单款项会自动退给您"}],
  "answers": [1]},
 {"id": "q4", "prompt": {"en": "Which of these are fictitious dispatch? (choose all that apply)", "zh": "以下哪些属于虚假发货？（多选）"},
  "options": [{"en": "Entering a tracking number that belongs to another parcel", "zh": "填写属于其他包裹的物流单号"},
              {"en": "Entering a tracking number before the parcel is handed over, and it never moves", "zh": "包裹尚未交寄就填写单号，且单号从不更新"},
              {"en": "Shipping with the method the buyer chose", "zh": "使用买家选择的运输方式发货"}],
  "answers": [0, 1]},
 {"id": "q5", "prompt": {"en": "What is the target for the valid tracking rate?", "zh": "有效物流跟踪率的目标是多少？"},
  "options": [{"en": "At least 50 % over a year", "zh": "一年内不低于 50%"},
              {"en": "At least 95 % over 30 days", "zh": "30 天内不低于 95%"},
              {"en": "There is no target", "zh": "没有目标"}],
  "answers": [1]}
]$q$::jsonb, 0.8, 1, 'published', 1, now(), now()),

('trn_qc_honest_shipping', 'quality-control-and-honest-shipping',
 'Quality control and honest shipping', '质检与诚信发货',
 'What the warehouse inspects, what happens when QC fails, and why listings and declared data must be true.',
 '仓库检查哪些内容、质检不合格后如何处理，以及为什么商品描述和申报信息必须真实。',
$en$Every item you sell is received, weighed and inspected by the agent's warehouse before it travels abroad. The inspector compares it with your listing and records photos or videos.

- A failed QC produces a report with the issues found: a defect, the wrong colour, a size discrepancy, damage. The buyer then chooses a remedy: return for refund, exchange, or a partial refund.
- You have a set number of business days (3 by default) to agree or propose an alternative. Silence has a defined outcome: the buyer's request is granted.
- Nothing goes back without an opened case: returns and exchanges get a return label and instructions. A refund goes to the buyer's original payment method after you confirm the return, or at once for an agreed partial refund.
- Describe items accurately, with adequate photos. Branded items need a proof of authenticity. No false information to boost sales, no prohibited or unsafe items, no IP infringement.
- Ship what you listed, with the shipping method the buyer chose, and declare true data: weight, contents and value. Overstated shipping costs are prohibited.

Your QC failure rate (target below 2 % over 90 days) is part of the product quality dimension of your scorecard.$en$,
$zh$您售出的每件商品在出境前都会由代购仓库签收、称重并检验。质检员会将商品与您的商品描述进行比对，并拍摄照片或视频留档。

- 质检不合格会生成一份报告，列出发现的问题：瑕疵、颜色不符、尺码不符、破损。随后由买家选择处理方式：退货退款、换货或部分退款。
- 您需要在规定的工作日内（默认 3 个工作日）同意或提出其他方案。不答复也有明确的后果：买家的请求将被批准。
- 未开启售后案件的商品不会退回：退货和换货会获得退货面单和操作说明。退款在您确认收到退货后退回买家的原支付方式；双方同意的部分退款则立即退回。
- 请如实描述商品并提供清晰的图片。品牌商品需要提供正品证明。禁止为提升销量发布虚假信息，禁止销售违禁或不安全商品，禁止侵犯知识产权。
- 请按商品描述发货，使用买家选择的运输方式，并如实申报重量、内容物和价值。禁止虚报运费。

质检不合格率（90 天内目标低于 2%）是您评分卡中"商品质量与正品保障"维度的一部分。$zh$,
$q$[
 {"id": "q1", "prompt": {"en": "Who inspects your items before they travel abroad?", "zh": "商品出境前由谁检验？"},
  "options": [{"en": "The buyer, on delivery", "zh": "买家在收货时检验"},
              {"en": "The agent's warehouse", "zh": "代购仓库"},
              {"en": "Nobody", "zh": "没有人检验"}],
  "answers": [1]},
 {"id": "q2", "prompt": {"en": "After a failed QC, which remedies can the buyer choose?", "zh": "质检不合格后，买家可以选择哪些处理方式？"},
  "options": [{"en": "Only a full refund", "zh": "只能全额退款"},
              {"en": "Return for refund, exchange, or a partial refund", "zh": "退货退款、换货或部分退款"},
              {"en": "None: the item ships anyway", "zh": "无：商品照常发出"}],
  "answers": [1]},
 {"id": "q3", "prompt": {"en": "You do not answer a QC-failure request within the deadline. What happens?", "zh": "您没有在截止时间内答复质检不合格请求，会怎样？"},
  "options": [{"en": "The request waits until you answer", "zh": "请求会一直等待您答复"},
              {"en": "The buyer's request is granted", "zh": "买家的请求将被批准"},
              {"en": "The case is closed in your favour", "zh": "案件以有利于您的结果结束"}],
  "answers": [1]},
 {"id": "q4", "prompt": {"en": "Which of these are prohibited? (choose all that apply)", "zh": "以下哪些行为是被禁止的？（多选）"},
  "options": [{"en": "Overstating shipping costs", "zh": "虚报运费"},
              {"en": "Declaring a lower weight or value than the real one", "zh": "申报低于实际的重量或价值"},
              {"en": "Adding clear photos of the real item", "zh": "添加实物的清晰图片"}],
  "answers": [0, 1]},
 {"id": "q5", "prompt": {"en": "What does a branded item need before you list it?", "zh": "品牌商品上架前需要什么？"},
  "options": [{"en": "A proof of authenticity", "zh": "正品证明"},
              {"en": "A lower price than the brand's shop", "zh": "比品牌官方店更低的价格"},
              {"en": "Nothing special", "zh": "不需要特别材料"}],
  "answers": [0]}
]$q$::jsonb, 0.8, 2, 'published', 1, now(), now()),

('trn_disputes_communication', 'disputes-evidence-and-communication',
 'Disputes: evidence and talking with buyers', '纠纷处理：证据与买家沟通',
 'The evidence protocol, the resolution tiers, answering in time and writing short, factual messages.',
 '证据规范、解决方案分级、按时答复，以及如何写简短、客观的消息。',
$en$After delivery a buyer may open a dispute (within 30 days by default) for a missing, damaged or wrong item. A claim is structured: the order, the issue type, the evidence and the remedy the buyer proposes.

- The evidence protocol: a continuous unboxing video that starts on the shipping label, the parcel's exterior condition, and its weight against the label's weight. A parcel lighter than its label beyond the tolerance supports a missing-item claim.
- Remedies follow the resolution matrix. Tier 1, cosmetic (crushed box, loose thread, washable stain): no action or a small partial refund. Tier 2, functional damage, missing component or wrong size: a partial refund for repair, or a replacement if the item is unusable. Tier 3, total loss, empty parcel, wrong item or an insured confiscation: a full refund or reshipment, video required.
- Answer within the deadline (3 business days by default): accept, make a counter-offer, or contest with your own evidence. If you stay silent, the buyer's claim is granted. If you refuse despite the evidence, platform mediation decides.
- The other side reads your messages through translation software: keep them short and factual — what happened, what you offer, by when. Abusive or belligerent messages to buyers are prohibited.
- A first reply, even "we are checking the parcel photos", starts the conversation: your first-response time and on-time response rate are measured on every request.

Disputes lost, the share of cases resolved without mediation and your response times all count in the customer service dimension of your scorecard.$en$,
$zh$收货后，买家可以就缺件、破损或错发商品发起纠纷（默认在 30 天内）。纠纷申请是结构化的：订单、问题类型、证据以及买家提出的解决方案。

- 证据规范：从快递面单开始连续拍摄的开箱视频、包裹外观状况，以及实际重量与面单重量的对比。包裹重量比面单轻且超出允许误差，可以支持缺件申诉。
- 解决方案遵循纠纷处理矩阵。一级，外观问题（纸箱压扁、线头松散、可洗掉的污渍）：不处理或小额部分退款。二级，功能性损坏、缺少配件或尺码错误：部分退款用于维修，若商品无法使用则换货。三级，完全损失、空包裹、错发商品或已投保的海关没收：全额退款或重新发货，必须提供视频。
- 请在截止时间内答复（默认 3 个工作日）：接受、提出还价方案，或用您自己的证据提出异议。如果您不答复，买家的申诉将被批准。如果您在证据充分的情况下仍然拒绝，将由平台介入调解裁决。
- 对方通过翻译软件阅读您的消息：请保持简短、客观——发生了什么、您提供什么方案、何时完成。禁止对买家发送辱骂或挑衅性消息。
- 第一条回复，哪怕是"我们正在核对包裹照片"，也能开启沟通：每个请求都会衡量您的首次响应时间和按时响应率。

纠纷败诉率、无需平台介入解决率以及您的响应时间，都会计入评分卡中"客户服务与沟通"维度。$zh$,
$q$[
 {"id": "q1", "prompt": {"en": "Which evidence does the unboxing protocol ask for? (choose all that apply)", "zh": "开箱证据规范要求哪些证据？（多选）"},
  "options": [{"en": "A continuous video that starts on the shipping label", "zh": "从快递面单开始连续拍摄的视频"},
              {"en": "The parcel's weight against the label's weight", "zh": "包裹实际重量与面单重量的对比"},
              {"en": "A screenshot of the listing page", "zh": "商品页面截图"}],
  "answers": [0, 1]},
 {"id": "q2", "prompt": {"en": "A buyer reports a crushed box with an undamaged item (tier 1). What fits?", "zh": "买家反映纸箱压扁但商品完好（一级）。合适的处理方式是？"},
  "options": [{"en": "No action or a small partial refund", "zh": "不处理或小额部分退款"},
              {"en": "A full refund and the buyer keeps the item", "zh": "全额退款且买家保留商品"},
              {"en": "Reshipment of the whole order", "zh": "整单重新发货"}],
  "answers": [0]},
 {"id": "q3", "prompt": {"en": "You stay silent past the answer deadline. What happens to the dispute?", "zh": "您超过答复截止时间仍未回应，纠纷会怎样？"},
  "options": [{"en": "The buyer's claim is granted", "zh": "买家的申诉将被批准"},
              {"en": "The dispute is cancelled", "zh": "纠纷被取消"},
              {"en": "The deadline is extended automatically", "zh": "截止时间自动延长"}],
  "answers": [0]},
 {"id": "q4", "prompt": {"en": "How should messages to buyers be written?", "zh": "给买家的消息应该怎样写？"},
  "options": [{"en": "Long and emotional, so the buyer understands your side", "zh": "篇幅长、情绪化，让买家理解您的立场"},
              {"en": "Short and factual: what happened, what you offer, by when", "zh": "简短客观：发生了什么、您提供什么方案、何时完成"},
              {"en": "Only in your own language, without details", "zh": "只用您自己的语言，不提供细节"}],
  "answers": [1]},
 {"id": "q5", "prompt": {"en": "You refuse a claim although the buyer's evidence is complete. Who decides?", "zh": "买家证据完整，您仍拒绝申诉。由谁裁决？"},
  "options": [{"en": "The buyer alone", "zh": "仅由买家决定"},
              {"en": "Platform mediation", "zh": "平台介入调解"},
              {"en": "The carrier", "zh": "承运商"}],
  "answers": [1]}
]$q$::jsonb, 0.8, 3, 'published', 1, now(), now());
