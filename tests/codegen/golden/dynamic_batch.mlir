// ---- kernel0: r1:ccc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    %nrow = arith.addi %row, %c1 : i64
    %nt = arith.remsi %nrow, %tiles : i64
    %nr1 = arith.divsi %nrow, %tiles : i64
    %ni0 = arith.remsi %nr1, %size0 : i64
    %nr0 = arith.divsi %nr1, %size0 : i64
    %ntstart = arith.muli %nt, %tile : i64
    %ntb0 = arith.muli %ntstart, %istride0 : i64
    %nob0_0 = arith.muli %ni0, %ostride0_0 : i64
    %nbase0_0 = arith.addi %ntb0, %nob0_0 : i64
    %nbase0 = arith.addi %nbase0_0, %c0 : i64
    %ntb1 = arith.muli %ntstart, %istride1 : i64
    %nob1_0 = arith.muli %ni0, %ostride1_0 : i64
    %nbase1_0 = arith.addi %ntb1, %nob1_0 : i64
    %nbase1 = arith.addi %nbase1_0, %c0 : i64
    %ntb2 = arith.muli %ntstart, %istride2 : i64
    %nob2_0 = arith.muli %ni0, %ostride2_0 : i64
    %nbase2_0 = arith.addi %ntb2, %nob2_0 : i64
    %nbase2 = arith.addi %nbase2_0, %c0 : i64
    %v10 = arith.constant 0xFF800000 : f32
    %v11 = vector.broadcast %v10 : f32 to vector<64xf32>
    %v14 = arith.constant dense<false> : vector<64xi1>
    %v13:2 = scf.for %v12 = %c0 to %vend64 step %cw64 iter_args(%v12_acc0 = %v11, %v12_nan0 = %v14) -> (vector<64xf32>, vector<64xi1>) : i64 {
      %v16 = arith.addi %base0, %v12 : i64
      %v17 = llvm.getelementptr %ptr0[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v15 = llvm.load %v17 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v19 = arith.addi %base1, %v12 : i64
      %v20 = llvm.getelementptr %ptr1[%v19] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v18 = llvm.load %v20 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v21 = arith.mulf %v15, %v18 fastmath<contract> : vector<64xf32>
      %v23 = arith.cmpf ogt, %v21, %v12_acc0 : vector<64xf32>
      %v24 = arith.cmpf uno, %v21, %v21 : vector<64xf32>
      %v22 = arith.select %v23, %v21, %v12_acc0 : vector<64xi1>, vector<64xf32>
      %v25 = arith.ori %v12_nan0, %v24 : vector<64xi1>
      scf.yield %v22, %v25 : vector<64xf32>, vector<64xi1>
    }
    %v26 = arith.constant 0x7FC00000 : f32
    %v27 = vector.broadcast %v26 : f32 to vector<64xf32>
    %v28 = arith.select %v13#1, %v27, %v13#0 : vector<64xi1>, vector<64xf32>
    %v29 = vector.reduction <maximumf>, %v28 : vector<64xf32> into f32
    %v30 = arith.maximumf %v10, %v29 : f32
    %v31 = vector.broadcast %v10 : f32 to vector<16xf32>
    %v34 = arith.constant dense<false> : vector<16xi1>
    %v33:2 = scf.for %v32 = %vend64 to %vend16 step %cw16 iter_args(%v32_acc0 = %v31, %v32_nan0 = %v34) -> (vector<16xf32>, vector<16xi1>) : i64 {
      %v36 = arith.addi %base0, %v32 : i64
      %v37 = llvm.getelementptr %ptr0[%v36] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v35 = llvm.load %v37 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v39 = arith.addi %base1, %v32 : i64
      %v40 = llvm.getelementptr %ptr1[%v39] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v38 = llvm.load %v40 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v41 = arith.mulf %v35, %v38 fastmath<contract> : vector<16xf32>
      %v43 = arith.cmpf ogt, %v41, %v32_acc0 : vector<16xf32>
      %v44 = arith.cmpf uno, %v41, %v41 : vector<16xf32>
      %v42 = arith.select %v43, %v41, %v32_acc0 : vector<16xi1>, vector<16xf32>
      %v45 = arith.ori %v32_nan0, %v44 : vector<16xi1>
      scf.yield %v42, %v45 : vector<16xf32>, vector<16xi1>
    }
    %v46 = arith.constant 0x7FC00000 : f32
    %v47 = vector.broadcast %v46 : f32 to vector<16xf32>
    %v48 = arith.select %v33#1, %v47, %v33#0 : vector<16xi1>, vector<16xf32>
    %v49 = vector.reduction <maximumf>, %v48 : vector<16xf32> into f32
    %v50 = arith.maximumf %v30, %v49 : f32
    %v52:1 = scf.for %v51 = %vend16 to %len step %c1 iter_args(%v51_acc0 = %v50) -> (f32) : i64 {
      %v54 = arith.addi %base0, %v51 : i64
      %v55 = llvm.getelementptr %ptr0[%v54] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v53 = llvm.load %v55 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v57 = arith.addi %base1, %v51 : i64
      %v58 = llvm.getelementptr %ptr1[%v57] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v56 = llvm.load %v58 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v59 = arith.mulf %v53, %v56 fastmath<contract> : f32
      %v61 = arith.cmpf ogt, %v59, %v51_acc0 : f32
      %v62 = arith.cmpf uno, %v59, %v59 : f32
      %v63 = arith.select %v61, %v59, %v51_acc0 : f32
      %v60 = arith.select %v62, %v59, %v63 : f32
      scf.yield %v60 : f32
    }
    %v64 = arith.constant 0x00000000 : f32
    %v65 = vector.broadcast %v64 : f32 to vector<64xf32>
    %v67:1 = scf.for %v66 = %c0 to %vend64 step %cw64 iter_args(%v66_acc0 = %v65) -> (vector<64xf32>) : i64 {
      %v68 = arith.addi %nbase0, %v66 : i64
      %v69 = llvm.getelementptr %ptr0[%v68] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v69) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v73 = arith.constant 16 : i64
      %v72 = arith.addi %v66, %v73 : i64
      %v70 = arith.addi %nbase0, %v72 : i64
      %v71 = llvm.getelementptr %ptr0[%v70] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v71) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v77 = arith.constant 32 : i64
      %v76 = arith.addi %v66, %v77 : i64
      %v74 = arith.addi %nbase0, %v76 : i64
      %v75 = llvm.getelementptr %ptr0[%v74] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v75) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v81 = arith.constant 48 : i64
      %v80 = arith.addi %v66, %v81 : i64
      %v78 = arith.addi %nbase0, %v80 : i64
      %v79 = llvm.getelementptr %ptr0[%v78] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v79) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v82 = arith.addi %nbase1, %v66 : i64
      %v83 = llvm.getelementptr %ptr1[%v82] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v83) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v87 = arith.constant 16 : i64
      %v86 = arith.addi %v66, %v87 : i64
      %v84 = arith.addi %nbase1, %v86 : i64
      %v85 = llvm.getelementptr %ptr1[%v84] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v85) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v91 = arith.constant 32 : i64
      %v90 = arith.addi %v66, %v91 : i64
      %v88 = arith.addi %nbase1, %v90 : i64
      %v89 = llvm.getelementptr %ptr1[%v88] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v89) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v95 = arith.constant 48 : i64
      %v94 = arith.addi %v66, %v95 : i64
      %v92 = arith.addi %nbase1, %v94 : i64
      %v93 = llvm.getelementptr %ptr1[%v92] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v93) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v96 = arith.addi %nbase2, %v66 : i64
      %v97 = llvm.getelementptr %ptr2[%v96] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v97) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v101 = arith.constant 16 : i64
      %v100 = arith.addi %v66, %v101 : i64
      %v98 = arith.addi %nbase2, %v100 : i64
      %v99 = llvm.getelementptr %ptr2[%v98] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v99) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v105 = arith.constant 32 : i64
      %v104 = arith.addi %v66, %v105 : i64
      %v102 = arith.addi %nbase2, %v104 : i64
      %v103 = llvm.getelementptr %ptr2[%v102] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v103) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v109 = arith.constant 48 : i64
      %v108 = arith.addi %v66, %v109 : i64
      %v106 = arith.addi %nbase2, %v108 : i64
      %v107 = llvm.getelementptr %ptr2[%v106] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v107) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v111 = arith.addi %base0, %v66 : i64
      %v112 = llvm.getelementptr %ptr0[%v111] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v110 = llvm.load %v112 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v114 = arith.addi %base1, %v66 : i64
      %v115 = llvm.getelementptr %ptr1[%v114] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v113 = llvm.load %v115 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v116 = arith.mulf %v110, %v113 fastmath<contract> : vector<64xf32>
      %v117 = vector.broadcast %v52#0 : f32 to vector<64xf32>
      %v118 = arith.subf %v116, %v117 fastmath<contract> : vector<64xf32>
      %v119 = math.exp %v118 : vector<64xf32>
      %v120 = arith.addf %v66_acc0, %v119 fastmath<contract> : vector<64xf32>
      %v121 = arith.addi %base2, %v66 : i64
      %v122 = llvm.getelementptr %ptr2[%v121] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v119, %v122 {alignment = 4 : i64} : vector<64xf32>, !llvm.ptr
      scf.yield %v120 : vector<64xf32>
    }
    %v123 = vector.reduction <add>, %v67#0 fastmath<reassoc> : vector<64xf32> into f32
    %v124 = arith.addf %v64, %v123 : f32
    %v125 = vector.broadcast %v64 : f32 to vector<16xf32>
    %v127:1 = scf.for %v126 = %vend64 to %vend16 step %cw16 iter_args(%v126_acc0 = %v125) -> (vector<16xf32>) : i64 {
      %v128 = arith.addi %nbase0, %v126 : i64
      %v129 = llvm.getelementptr %ptr0[%v128] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v129) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v130 = arith.addi %nbase1, %v126 : i64
      %v131 = llvm.getelementptr %ptr1[%v130] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v131) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v132 = arith.addi %nbase2, %v126 : i64
      %v133 = llvm.getelementptr %ptr2[%v132] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v133) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v135 = arith.addi %base0, %v126 : i64
      %v136 = llvm.getelementptr %ptr0[%v135] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v134 = llvm.load %v136 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v138 = arith.addi %base1, %v126 : i64
      %v139 = llvm.getelementptr %ptr1[%v138] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v137 = llvm.load %v139 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v140 = arith.mulf %v134, %v137 fastmath<contract> : vector<16xf32>
      %v141 = vector.broadcast %v52#0 : f32 to vector<16xf32>
      %v142 = arith.subf %v140, %v141 fastmath<contract> : vector<16xf32>
      %v143 = math.exp %v142 : vector<16xf32>
      %v144 = arith.addf %v126_acc0, %v143 fastmath<contract> : vector<16xf32>
      %v145 = arith.addi %base2, %v126 : i64
      %v146 = llvm.getelementptr %ptr2[%v145] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v143, %v146 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
      scf.yield %v144 : vector<16xf32>
    }
    %v147 = vector.reduction <add>, %v127#0 : vector<16xf32> into f32
    %v148 = arith.addf %v124, %v147 : f32
    %v150:1 = scf.for %v149 = %vend16 to %len step %c1 iter_args(%v149_acc0 = %v148) -> (f32) : i64 {
      %v152 = arith.addi %base0, %v149 : i64
      %v153 = llvm.getelementptr %ptr0[%v152] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v151 = llvm.load %v153 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v155 = arith.addi %base1, %v149 : i64
      %v156 = llvm.getelementptr %ptr1[%v155] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v154 = llvm.load %v156 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v157 = arith.mulf %v151, %v154 fastmath<contract> : f32
      %v158 = arith.subf %v157, %v52#0 fastmath<contract> : f32
      %v159 = math.exp %v158 : f32
      %v160 = arith.addf %v149_acc0, %v159 fastmath<contract> : f32
      %v161 = arith.addi %base2, %v149 : i64
      %v162 = llvm.getelementptr %ptr2[%v161] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v159, %v162 {alignment = 4 : i64} : f32, !llvm.ptr
      scf.yield %v160 : f32
    }
    scf.for %v163 = %c0 to %vend16 step %cw16 : i64 {
      %v165 = arith.addi %base2, %v163 : i64
      %v166 = llvm.getelementptr %ptr2[%v165] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v167 = llvm.load %v166 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v168 = vector.broadcast %v150#0 : f32 to vector<16xf32>
      %v170 = arith.constant 0x3F800000 : f32
      %v171 = arith.divf %v170, %v150#0 : f32
      %v172 = vector.broadcast %v171 : f32 to vector<16xf32>
      %v169 = arith.mulf %v167, %v172 : vector<16xf32>
      %v173 = arith.addi %base2, %v163 : i64
      %v174 = llvm.getelementptr %ptr2[%v173] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v169, %v174 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v175 = %vend16 to %len step %c1 : i64 {
      %v177 = arith.addi %base2, %v175 : i64
      %v178 = llvm.getelementptr %ptr2[%v177] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v179 = llvm.load %v178 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v180 = arith.divf %v179, %v150#0 : f32
      %v181 = arith.addi %base2, %v175 : i64
      %v182 = llvm.getelementptr %ptr2[%v181] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v180, %v182 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
