# roles_offices.sh: rows of roles.sh on a person's office and a commune's kind as a title or an
# O writes them (rtcert18 and on), sourced by roles.sh (its helpers, fixtures and dossiers, and
# roles_places.sh's leader21at); the certificates are make-role-offices.sh's.

# --- rtcert18: the commune's kind abbreviated inside a leader's title ("Chủ tịch UBND X. Thủy
# An"): the chairman was a person, criterion 21 0/1 for his own commune; another commune's, or a
# body's named after it, stay apart
role x-title-chair leader
leader21 x-title-chair 1/1
leader21 x-title-chair 1/1 --district "UBND huyện Phú Vang"
leader21at x-title-chair "Xã Thủy Vân" 0/1
role x-title-vice leader
leader21 x-title-vice 1/1
role tt-title-chair leader
leader21at tt-title-chair "Thị trấn Phú Đa" 1/1
leader21at tt-title-chair "Xã Phú Đa" 0/1
leader21 x-title-other 0/1
leader21at x-title-other "Xã Thủy Vân" 0/1
role x-title-body person
leader21 x-title-body 0/1

# --- rtcert18: "TT." and "P." abbreviating Trung tâm and Phòng: the district's culture centre
# (O=TT. Văn hóa - Thể thao …) was the thị trấn "Văn hóa", its staff and its organisation
# certificate 1/1 for it; OU=P. Tài chính a ward. A ward by "P." stays one.
leader20 tt-centre-o "Thị trấn Văn hóa" 0/1
leader20 tt-centre-org "Thị trấn Văn hóa" 0/1
leader20 tt-centre-caps "Thị trấn Văn hóa" 0/1
leader20 p-office-ou "Phường Tài chính" 0/1
leader20 legit-p-ward "Phường Tân Định" 1/1
leader20 abbr-tt-person "Thị trấn Phú Đa" 1/1

# --- rtcert18: offices of other bodies than the committee under O=UBND xã Thủy An (the police's
# board by its old name, the military command's deputy, the Party's inspection commission, the
# Fatherland Front's committee, a Party secretary), and a body a title names past a profession
# (a school's teacher, the health station's doctor): each counted 1/1 as the committee's staff
for c in office-ban-ca unit-ban-ca office-pho-chq office-ubkt office-ubkt-words office-mttq-words office-pbt \
	office-bt office-pbt-tt office-ptca office-ubmttq prof-teacher prof-doctor; do
	role $c person
	leader20 $c "Xã Thủy An" 0/1
done
for c in legit-office-ketoan legit-office-ptb legit-office-vhxh legit-office-dcnn; do
	role $c person
	leader20 $c "Xã Thủy An" 1/1
done
